// Matches TLSA records (RFC 6698, RFC 7671, SMTP rules of RFC 7672) against the certificate chain an MX host presented.
import { createHash, X509Certificate } from 'node:crypto';

/** A TLSA record's fields (RFC 6698 2.1); `data` is the certificate association data. */
export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  data: Buffer;
}

/** Certificate usages (RFC 7218 acronyms); SMTP uses only DANE-TA and DANE-EE (RFC 7672 3.1.3). */
export const DANE_TA = 2;
export const DANE_EE = 3;
const digestLengths: Record<number, number> = { 1: 32, 2: 64 };

/** The outcome of checking a chain: authenticated by a record of `usage`, or refused with a reason for last_error. */
export type TlsaVerdict = { matched: true; usage: typeof DANE_TA | typeof DANE_EE } | { matched: false; reason: string };

/**
 * True for a record an SMTP client can use: DANE-TA(2) or DANE-EE(3), selector Cert(0) or SPKI(1), matching Full(0),
 * SHA2-256(1) or SHA2-512(2) with the digest's length. PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP (RFC 7672 3.1.3),
 * as are unknown parameters and malformed digests (RFC 7671 4.1).
 */
export function usableForSmtp(record: TlsaRecord): boolean {
  if (record.usage !== DANE_TA && record.usage !== DANE_EE) return false;
  if (record.selector !== 0 && record.selector !== 1) return false;
  if (record.matchingType === 0) return record.data.length > 0;
  return digestLengths[record.matchingType] === record.data.length;
}

/** The bytes a record's selector picks from `cert`: the whole DER certificate, or its DER SubjectPublicKeyInfo. */
function selected(cert: X509Certificate, selector: number): Buffer {
  return selector === 0 ? cert.raw : cert.publicKey.export({ type: 'spki', format: 'der' });
}

/** True when `record` (any usage) associates with `cert`. */
export function recordMatches(record: TlsaRecord, cert: X509Certificate): boolean {
  const bytes = selected(cert, record.selector);
  const value = record.matchingType === 0 ? bytes : createHash(record.matchingType === 1 ? 'sha256' : 'sha512').update(bytes).digest();
  return value.equals(record.data);
}

/** True when each certificate up to chain[top] is issued and signed by the next one. */
function chainVerifiesUpTo(chain: X509Certificate[], top: number): boolean {
  for (let i = 0; i < top; i++) {
    if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) return false;
  }
  return true;
}

/** Why the certificates below the trust anchor are not valid at `now`, or null. */
function validityProblem(chain: X509Certificate[], top: number, now: Date): string | null {
  for (const cert of chain.slice(0, Math.max(top, 1))) {
    if (new Date(cert.validTo) < now) return 'certificate expired';
    if (new Date(cert.validFrom) > now) return 'certificate not yet valid';
  }
  return null;
}

/**
 * Checks the chain the server presented (`chain[0]` its certificate, then the issuers it sent in order) against the
 * usable records of the TLSA base domain `host`. DANE-EE(3) matches the server certificate alone: no name, expiry or
 * issuer check (RFC 7672 3.1.1). DANE-TA(2) matches a certificate of the chain; the chain from the server certificate
 * up to it must verify, be valid now, and the server certificate must name `host` (RFC 7672 3.1.2, 3.2.2).
 */
export function matchTlsa(records: TlsaRecord[], chain: X509Certificate[], host: string, now = new Date()): TlsaVerdict {
  const noMatch: TlsaVerdict = { matched: false, reason: `no TLSA record matches the certificate of ${host}` };
  if (chain.length === 0) return { matched: false, reason: `${host} presented no certificate` };
  if (records.some((r) => r.usage === DANE_EE && recordMatches(r, chain[0]))) return { matched: true, usage: DANE_EE };
  const anchors = records.filter((r) => r.usage === DANE_TA);
  const top = chain.findIndex((cert) => anchors.some((r) => recordMatches(r, cert)));
  if (top < 0) return noMatch;
  if (!chainVerifiesUpTo(chain, top)) return { matched: false, reason: `the certificate of ${host} does not chain to the DANE-TA trust anchor` };
  const invalid = validityProblem(chain, top, now);
  if (invalid) return { matched: false, reason: `${invalid} (DANE-TA, ${host})` };
  if (!chain[0].checkHost(host)) return { matched: false, reason: `the certificate of ${host} chains to its DANE-TA trust anchor but names ${namesOf(chain[0])}` };
  return { matched: true, usage: DANE_TA };
}

/** The DNS names a certificate is for (subject alternative names, else the subject), for messages. */
function namesOf(cert: X509Certificate): string {
  const dns = (cert.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4));
  return dns.length > 0 ? dns.join(', ') : cert.subject.replace(/\n/g, ', ');
}
