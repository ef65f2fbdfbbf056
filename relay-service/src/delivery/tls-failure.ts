// Recognises TLS problems on the way to the next hop and names them: STARTTLS missing, certificate refused, handshake failed.

/**
 * A TLS-level mismatch with its RFC 3463 status: 4.7.4 "security features not supported" when the next hop
 * does not offer (or refuses) STARTTLS, 4.7.5 "cryptographic failure" when the handshake or the certificate
 * check fails. Both are temporary: the next hop may be fixed before the message expires.
 */
export interface TlsFailure {
  status: '4.7.4' | '4.7.5';
  /** What went wrong, for last_error and the report: "self-signed certificate", "certificate for a.example, expected b.example". */
  reason: string;
  /** Metrics label (smtp_outbound_tls_total{result}); the dane_ and tlsa_ ones come from DANE (dane-policy.ts). */
  result: 'starttls_missing' | 'certificate_invalid' | 'handshake_failed' | 'dane_mismatch' | 'tlsa_lookup_failed';
}

/** An error that already knows its TLS failure (raised by the relay's own checks). */
export class TlsFailureError extends Error {
  constructor(readonly tlsFailure: TlsFailure) {
    super(tlsFailure.reason);
  }
}

/** OpenSSL's verification results, as Node reports them in `code`, in words. */
const verifyReasons: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not issued by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not issued by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate not issued by a trusted CA',
  CERT_SIGNATURE_FAILURE: 'certificate signature invalid',
  CERT_REVOKED: 'certificate revoked',
  INVALID_CA: 'an issuer in the chain is not a CA',
  CERT_UNTRUSTED: 'certificate not trusted',
};

interface SmtpError { code?: string; originalCode?: string; library?: string; response?: string; command?: string; message?: string; tlsFailure?: TlsFailure }

/** The TLS failure `err` stands for, or null when it is not about TLS. */
export function tlsFailureOf(err: unknown): TlsFailure | null {
  const e = (err ?? {}) as SmtpError;
  if (e.tlsFailure) return e.tlsFailure;
  const original = e.originalCode ?? '';
  if (verifyReasons[original]) return { status: '4.7.5', reason: verifyReasons[original], result: 'certificate_invalid' };
  if (e.command === 'STARTTLS' && e.response) {
    return { status: '4.7.4', reason: `the next hop does not offer STARTTLS (${e.response.trim()})`, result: 'starttls_missing' };
  }
  if (e.library === 'SSL routines' || original.startsWith('ERR_SSL') || (e.code === 'ETLS' && !e.response)) {
    return { status: '4.7.5', reason: `TLS handshake failed: ${e.message ?? String(err)}`, result: 'handshake_failed' };
  }
  return null;
}
