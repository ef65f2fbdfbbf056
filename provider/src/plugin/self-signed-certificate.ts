// Creates the plugin's TLS identity for go-plugin AutoMTLS: an ECDSA P-256 key and a self-signed X.509 v3 certificate.
import { generateKeyPairSync } from 'node:crypto';
import { buildCertificate } from '@relayform/x509/certificate.ts';

/** The server identity presented to Terraform; `der` goes base64 (no padding) into the handshake line. */
export interface PluginCertificate {
  der: Buffer;
  certPem: string;
  keyPem: string;
}

/**
 * Generates a fresh key and a certificate for O=Relayform, CN=localhost with SAN DNS:localhost, a random positive
 * serial, valid from one minute ago for `validDays`, usable for server and client auth (it is its own CA,
 * as go-plugin's client adds it to its root pool). Takes about a millisecond.
 */
export function createPluginCertificate(validDays = 3650, now = new Date()): PluginCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = { organization: 'Relayform', commonName: 'localhost' };
  const certificate = buildCertificate({
    subject: name,
    publicKey,
    issuer: { name, privateKey },
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + validDays * 86_400_000),
    ca: true,
    keyUsage: ['digitalSignature', 'keyEncipherment', 'keyCertSign'],
    extendedKeyUsage: ['serverAuth', 'clientAuth'],
    altNames: ['localhost'],
  });
  return { der: certificate.der, certPem: certificate.pem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
