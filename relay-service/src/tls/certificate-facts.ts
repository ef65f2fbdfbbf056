// Reads what the API reports about a certificate (names, key algorithm, fingerprint, validity) with node:crypto.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { formatIp, writtenIp } from '@relayform/schema/ip-address.ts';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';

/** The certificate fields the API returns. */
export interface CertificateFacts {
  common_name: string;
  subject_alternative_names: string[];
  key_algorithm: KeyAlgorithm;
  validity_days: number;
  fingerprint_sha256: string;
  serial_number: string;
  not_before: string;
  not_after: string;
}

/** The KeyAlgorithm of a public key, or null for keys the relay does not support. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm | null {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && [2048, 3072, 4096].includes(details.modulusLength ?? 0)) {
    return `RSA_${details.modulusLength}` as KeyAlgorithm;
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ECDSA_P256';
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'secp384r1') return 'ECDSA_P384';
  return null;
}

/** Parses `pem` (first certificate of a chain); IP addresses in their RFC 5952 form (node gives 2001:DB8:0:0:0:0:0:1). Throws when it is not a certificate or uses an unsupported key. */
export function readCertificateFacts(pem: string): CertificateFacts {
  const certificate = new X509Certificate(pem);
  const algorithm = keyAlgorithmOf(certificate.publicKey);
  if (!algorithm) throw new Error('uses a key type other than RSA 2048/3072/4096 or ECDSA P-256/P-384');
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? '';
  const altNames = (certificate.subjectAltName ?? '').split(', ').filter(Boolean)
    .map((entry) => entry.replace(/^DNS:/, '').replace(/^IP Address:(.*)$/, (_, ip: string) => formatIp(writtenIp(ip)!)))
    .filter((name) => name !== commonName);
  return {
    common_name: commonName,
    subject_alternative_names: altNames,
    key_algorithm: algorithm,
    validity_days: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
    fingerprint_sha256: certificate.fingerprint256,
    serial_number: certificate.serialNumber,
    not_before: notBefore.toISOString(),
    not_after: notAfter.toISOString(),
  };
}
