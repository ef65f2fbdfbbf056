// Builds the self-signed server certificates of `smtp_certificate`'s generate path (RSA or ECDSA) with @relayform/x509.
import { buildCertificate } from '@relayform/x509/certificate.ts';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { createKeyPair } from './key-pair.ts';

/** What to certify: subject CN, extra names (DNS names or IPs), key type and lifetime. */
export interface CertificateRequest {
  commonName: string;
  altNames: string[];
  keyAlgorithm: KeyAlgorithm;
  validityDays: number;
}

/**
 * Generates a key pair and a certificate for it, signed by itself: CN and SANs (the CN first), valid from a minute
 * before `now` for `validityDays`, for TLS servers only; RSA keys may also encipher (RSA key exchange), ECDSA keys
 * only sign. Throws if node:crypto does not accept the result.
 */
export async function createSelfSignedCertificate(request: CertificateRequest, now = new Date()): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await createKeyPair(request.keyAlgorithm);
  const name = { commonName: request.commonName };
  const certificate = buildCertificate({
    subject: name,
    publicKey: keys.publicKey,
    issuer: { name, privateKey: keys.privateKey },
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + request.validityDays * 86_400_000),
    keyUsage: request.keyAlgorithm.startsWith('RSA_') ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'],
    altNames: [request.commonName, ...request.altNames.filter((n) => n !== request.commonName)],
  });
  if (!certificate.x509.checkPrivateKey(keys.privateKey)) throw new Error('generated certificate does not match its key');
  return { certificatePem: certificate.pem, privateKeyPem: keys.privateKeyPem };
}
