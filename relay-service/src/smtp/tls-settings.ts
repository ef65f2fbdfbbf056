// STARTTLS settings of a listener: the certificate, and the protocol floor and ciphers per require_128_bit.
import { DEFAULT_CIPHERS } from 'node:tls';

export interface ListenerTls {
  key: string;
  cert: string;
  minVersion: 'TLSv1' | 'TLSv1.2';
  ciphers: string;
}

/**
 * require_128_bit: TLS 1.2 or later and only ciphers of 128-bit strength or more. Otherwise
 * older clients are accepted too: TLS 1.0 and the legacy suites they need, which OpenSSL 3
 * only allows at security level 0.
 */
export function listenerTls(pair: { certificate_pem: string; private_key_pem: string }, require128Bit: boolean): ListenerTls {
  const strong = `${DEFAULT_CIPHERS}:!3DES:!LOW:!MEDIUM:!aNULL:!eNULL`;
  return {
    key: pair.private_key_pem,
    cert: pair.certificate_pem,
    minVersion: require128Bit ? 'TLSv1.2' : 'TLSv1',
    ciphers: require128Bit ? strong : `${DEFAULT_CIPHERS}:@SECLEVEL=0`,
  };
}
