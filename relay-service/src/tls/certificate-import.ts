// Validates an imported certificate and private key: parseable, supported key, matching pair, currently valid.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import { readCertificateFacts, type CertificateFacts } from './certificate-facts.ts';

/** The facts of a valid import, or the problems found (paths `$.certificate_pem`, `$.private_key_pem_wo`). */
export function checkCertificateImport(certificatePem: string, privateKeyPem: string, now = new Date()):
  { facts: CertificateFacts; details: [] } | { facts: null; details: ValidationDetail[] } {
  let certificate: X509Certificate;
  let facts: CertificateFacts;
  try {
    certificate = new X509Certificate(certificatePem);
    facts = readCertificateFacts(certificatePem);
  } catch (error) {
    const reason = error instanceof Error && error.message.startsWith('uses') ? error.message : 'is not a PEM X.509 certificate';
    return { facts: null, details: [{ path: '$.certificate_pem', message: reason }] };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    return { facts: null, details: [{ path: '$.private_key_pem_wo', message: 'is not an unencrypted PEM private key' }] };
  }
  const details: ValidationDetail[] = [];
  if (!certificate.checkPrivateKey(key)) details.push({ path: '$.private_key_pem_wo', message: 'does not match the certificate' });
  if (Date.parse(facts.not_after) <= now.getTime()) details.push({ path: '$.certificate_pem', message: `has expired (not_after ${facts.not_after})` });
  if (Date.parse(facts.not_before) > now.getTime()) details.push({ path: '$.certificate_pem', message: `is not valid yet (not_before ${facts.not_before})` });
  return details.length ? { facts: null, details } : { facts, details: [] };
}
