// TLS client options per outbound TLS policy: what is verified of the next hop's certificate, and how a refusal reads.
import { isIP } from 'node:net';
import { checkServerIdentity, createSecureContext, rootCertificates, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { TlsPolicy } from '@relayform/schema/model.ts';
import type { DaneHostPolicy } from './dane-policy.ts';
import type { MtaStsSession } from './mta-sts-metrics.ts';
import { TlsFailureError } from './tls-failure.ts';

/** What a route demands of the session's TLS. */
export interface TlsRequirements {
  policy: TlsPolicy;
  /** Extra trust anchors (PEM) for verify. */
  caPem: string | null;
  /** Upper-case colon-separated SHA-256 fingerprints; with verify the certificate must be one of them when any are given. */
  fingerprints: string[];
  /** Under dane, what the MX host's DNSSEC-signed records decided for its session (dane-resolver.ts). */
  dane?: DaneHostPolicy;
  /** Set per MX host when an mta_sts route's domain has an enforce or testing policy (mta-sts-destinations.ts). */
  mtaSts?: MtaStsSession;
}

/** True when a failed STARTTLS handshake may be followed by the same session in clear text (Postfix "may"). */
export function fallsBackToClearText(requirements: TlsRequirements): boolean {
  return requirements.policy === 'opportunistic' || requirements.dane?.level === 'may';
}

/** The names a certificate is for: its DNS and IP subject alternative names, else its common name. */
function namesOf(cert: PeerCertificate): string {
  const alt = (cert.subjectaltname ?? '').split(', ').filter(Boolean).map((n) => n.replace(/^(DNS|IP Address):/, ''));
  return (alt.length > 0 ? alt : [String(cert.subject?.CN ?? '(no name)')]).join(', ');
}

/**
 * The host check for verify: `expected` is the smart host name (or address) or the MX host name, never the
 * address we happened to connect to. Runs after OpenSSL accepted the chain.
 */
function checkPeer(expected: string, cert: PeerCertificate, fingerprints: string[]): Error | undefined {
  if (checkServerIdentity(expected, cert)) {
    return new TlsFailureError({ status: '4.7.5', reason: `certificate for ${namesOf(cert)}, expected ${expected}`, result: 'certificate_invalid' });
  }
  if (fingerprints.length > 0 && !fingerprints.includes(cert.fingerprint256.toUpperCase())) {
    return new TlsFailureError({ status: '4.7.5', reason: `certificate ${cert.fingerprint256} is not one of tls_fingerprints_sha256`, result: 'certificate_invalid' });
  }
  return undefined;
}

/**
 * tls.connect options for a session to `host` (SNI unless it is an address). Under verify Node rejects the
 * handshake unless the chain leads to a system root or `caPem`, and then `checkPeer` holds the name and pins:
 * the session fails before any SMTP command, so no credential or message goes to an unverified peer.
 */
export function tlsOptionsFor(requirements: TlsRequirements, host: string): ConnectionOptions {
  const sni = isIP(host) ? {} : { servername: host };
  // One secure context for every session of the pool: `ca` in the connect options would make Node build a context from
  // ~140 system roots for each session (about 30 ms of blocked event loop per session, bench/RESULTS.md).
  const ca = requirements.caPem ? { secureContext: createSecureContext({ ca: [...rootCertificates, requirements.caPem], minVersion: 'TLSv1.2' }) } : {};
  // Unenforced, Node still judges chain and name (socket.authorized), which MTA-STS testing counts.
  if (requirements.policy !== 'verify') return { rejectUnauthorized: false, minVersion: 'TLSv1.2', ...sni, ...ca };
  return {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ...sni,
    ...ca,
    checkServerIdentity: (_name, cert) => checkPeer(host, cert, requirements.fingerprints),
  };
}
