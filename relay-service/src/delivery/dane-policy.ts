// What DANE (RFC 7672) decided for one MX host, and what it means for the SMTP session: TLS required, the certificate check, the metric.
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { SessionReport } from './destination-pool.ts';
import { TlsFailureError, tlsFailureOf } from './tls-failure.ts';
import { matchTlsa, type TlsaRecord } from './tlsa-match.ts';

/**
 * The TLS level of one MX host under tls_policy dane, as Postfix's "dane" level resolves it:
 * - `dane`: secure, usable TLSA records; STARTTLS required and the certificate must match one of `records`;
 * - `encrypt`: secure TLSA records, none usable; STARTTLS required, certificate not checked (RFC 7672 2.2);
 * - `may`: no DANE for this host (secure denial of TLSA, or an MX, address or TLSA answer not DNSSEC-signed): opportunistic;
 * - `defer`: the TLSA lookup failed (SERVFAIL, bogus, timeout): the host is not tried, not even in clear text.
 */
export type DaneHostPolicy =
  | { level: 'dane'; records: TlsaRecord[] }
  | { level: 'encrypt'; reason: 'tlsa_unusable' }
  | { level: 'may'; reason: 'no_tlsa' | 'dnssec_insecure' }
  | { level: 'defer'; reason: string };

/** True when the host's session must be encrypted. */
export function daneRequiresTls(dane: DaneHostPolicy): boolean {
  return dane.level === 'dane' || dane.level === 'encrypt';
}

/** Tells connection pools apart: hosts with other TLSA records never share a connection. */
export function daneKey(dane: DaneHostPolicy): string {
  return dane.level === 'dane' ? `dane:${dane.records.map((r) => `${r.usage}${r.selector}${r.matchingType}${r.data.toString('hex')}`).join(',')}` : dane.level;
}

/** The refusal for a host whose TLSA lookup failed, counted as tlsa_lookup_failed; null for every other host. */
export function daneRefusal(dane: DaneHostPolicy): TlsFailureError | null {
  return dane.level === 'defer' ? new TlsFailureError({ status: '4.7.5', reason: dane.reason, result: 'tlsa_lookup_failed' }) : null;
}

/** The certificates the peer presented, its own first, then the issuers in the order Node linked them. */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true); cert?.raw && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
  }
  return chain;
}

/**
 * The check to run on the TLS session right after the STARTTLS handshake, before EHLO is repeated (nothing of the
 * envelope or message has been sent yet): the presented chain must match a usable TLSA record of `host`. Undefined
 * for hosts whose certificate DANE does not check.
 */
export function danePeerCheck(dane: DaneHostPolicy, host: string): ((socket: TLSSocket) => Error | undefined) | undefined {
  if (dane.level !== 'dane') return undefined;
  return (socket) => {
    const verdict = matchTlsa(dane.records, peerChain(socket), host);
    return verdict.matched ? undefined : new TlsFailureError({ status: '4.7.5', reason: verdict.reason, result: 'dane_mismatch' });
  };
}

/**
 * smtp_outbound_tls_total{policy="dane"} result of a session: dane_verified, or why DANE did not apply (tlsa_unusable:
 * encrypted without authentication; no_tlsa, dnssec_insecure: opportunistic), or how opening it failed.
 */
export function daneSessionResult(dane: DaneHostPolicy, report: SessionReport): string {
  if ('error' in report) return tlsFailureOf(report.error)?.result ?? 'connection_failed';
  if (dane.level === 'dane') return 'dane_verified';
  return dane.level === 'defer' ? 'tlsa_lookup_failed' : dane.reason;
}
