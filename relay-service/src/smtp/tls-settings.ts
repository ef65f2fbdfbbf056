// STARTTLS settings of a listener: the certificate, and the protocol floor and ciphers per require_128_bit.
import { constants } from 'node:crypto';
import { DEFAULT_CIPHERS } from 'node:tls';

export interface ListenerTls {
  key: string;
  cert: string;
  minVersion: 'TLSv1' | 'TLSv1.2';
  ciphers: string;
  honorCipherOrder: boolean;
  secureOptions: number;
}

/**
 * RFC 9325 (BCP 195) suites: forward secret (ECDHE) and AEAD only. ECDSA and RSA variants
 * both, so either kind of certificate works; OpenSSL picks the ones matching the key. No DHE:
 * Node loads no DH group unless one is given, and ECDHE covers every client that has TLS 1.2.
 * Order (the server's, see honorCipherOrder): AES-256-GCM, ChaCha20-Poly1305, AES-128-GCM in
 * both protocols, as OpenSSL orders its TLS 1.3 suites; with AES hardware the 256-bit key costs
 * next to nothing more.
 */
export const FORWARD_SECRET_AEAD_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

/**
 * require_128_bit: TLS 1.2 or later with FORWARD_SECRET_AEAD_CIPHERS only. Otherwise older
 * clients are accepted too: TLS 1.0 and the legacy suites they need, which OpenSSL 3 only
 * allows at security level 0. Both refuse a client's renegotiation (TLS 1.2 and older).
 */
export function listenerTls(pair: { certificate_pem: string; private_key_pem: string }, require128Bit: boolean): ListenerTls {
  return {
    key: pair.private_key_pem,
    cert: pair.certificate_pem,
    minVersion: require128Bit ? 'TLSv1.2' : 'TLSv1',
    ciphers: require128Bit ? FORWARD_SECRET_AEAD_CIPHERS : `${DEFAULT_CIPHERS}:@SECLEVEL=0`,
    // The server's order decides, so that a client listing a weak legacy suite first still gets ECDHE with AES-GCM when
    // it can do that; PRIORITIZE_CHACHA lets a client that puts ChaCha20 first (no AES hardware) have it.
    honorCipherOrder: true,
    // A client-initiated renegotiation costs the server a full handshake each time, and no mail client needs one;
    // OpenSSL answers it with a no_renegotiation alert.
    secureOptions: constants.SSL_OP_NO_RENEGOTIATION | constants.SSL_OP_PRIORITIZE_CHACHA,
  };
}
