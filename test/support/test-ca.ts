// A throw-away certificate authority for TLS tests: issues server certificates for any names and validity window.
//
//   const ca = createTestCa();                                        // ca.certPem: trust it (tls_ca_pem)
//   const good = ca.issue(['smtp.isp.test']);                         // { key, cert } PEM, valid now
//   const old = ca.issue(['smtp.isp.test'], { notAfter: new Date(Date.now() - 86_400_000) });   // expired
//   const self = selfSignedCertificate(['smtp.isp.test']);            // nobody's CA
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

const { pki } = forge;

/** A PEM key and certificate pair, as node:tls and smtp-server take them. */
export interface KeyAndCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as tls_fingerprints_sha256 takes it). */
  fingerprint: string;
}

export interface TestCa {
  certPem: string;
  issue(names: string[], validity?: { notBefore?: Date; notAfter?: Date }): KeyAndCertificate;
}

function keyPair(): { forgeKeys: { publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey }; pem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    pem,
    forgeKeys: { publicKey: pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()), privateKey: pki.privateKeyFromPem(pem) },
  };
}

function certificate(subjectCn: string, publicKey: forge.pki.PublicKey, validity: { notBefore?: Date; notAfter?: Date }): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = validity.notBefore ?? new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = validity.notAfter ?? new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.publicKey = publicKey;
  return cert;
}

function serverExtensions(names: string[]) {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ];
}

function pair(key: string, cert: forge.pki.Certificate): KeyAndCertificate {
  const pem = pki.certificateToPem(cert);
  return { key, cert: pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

/** A new CA (RSA 2048, valid a year) that signs server certificates. */
export function createTestCa(commonName = 'Relayform Test CA'): TestCa {
  const ca = keyPair();
  const caCert = certificate(commonName, ca.forgeKeys.publicKey, { notAfter: new Date(Date.now() + 365 * 86_400_000) });
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  caCert.sign(ca.forgeKeys.privateKey, forge.md.sha256.create());
  return {
    certPem: pki.certificateToPem(caCert),
    issue(names, validity = {}) {
      const leaf = keyPair();
      const cert = certificate(names[0], leaf.forgeKeys.publicKey, validity);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions(serverExtensions(names));
      cert.sign(ca.forgeKeys.privateKey, forge.md.sha256.create());
      return pair(leaf.pem, cert);
    },
  };
}

/** A server certificate signed by its own key: right names, no trusted issuer. */
export function selfSignedCertificate(names: string[]): KeyAndCertificate {
  const leaf = keyPair();
  const cert = certificate(names[0], leaf.forgeKeys.publicKey, {});
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(serverExtensions(names));
  cert.sign(leaf.forgeKeys.privateKey, forge.md.sha256.create());
  return pair(leaf.pem, cert);
}

let loopback: { tls: { key: string; cert: string }; caPem: string } | null = null;

/**
 * A certificate for 127.0.0.1 and localhost from a CA made once per test process: a sink with `tls: loopbackTls().tls`
 * is a smart host the relay verifies when its route sets `tls_ca_pem: loopbackTls().caPem`.
 */
export function loopbackTls(): { tls: { key: string; cert: string }; caPem: string } {
  if (!loopback) {
    const ca = createTestCa('Relayform loopback test CA');
    const { key, cert } = ca.issue(['127.0.0.1', 'localhost']);
    loopback = { tls: { key, cert }, caPem: ca.certPem };
  }
  return loopback;
}
