// A throw-away certificate authority for TLS tests: issues server certificates for any names and validity window.
//
//   const ca = createTestCa();                                        // ca.certPem: trust it (tls_ca_pem)
//   const good = ca.issue(['smtp.isp.test']);                         // { key, cert } PEM, valid now
//   const old = ca.issue(['smtp.isp.test'], { notAfter: new Date(Date.now() - 86_400_000) });   // expired
//   const self = selfSignedCertificate(['smtp.isp.test']);            // nobody's CA
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { buildCertificate, type DistinguishedName } from '@relayform/x509/certificate.ts';

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

type Issuer = { name: DistinguishedName; privateKey: KeyObject };

const rsaKeyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A server certificate for `names` (the first is the CN), valid from an hour ago for 30 days unless given. */
function serverCertificate(names: string[], validity: { notBefore?: Date; notAfter?: Date }, issuer?: Issuer): KeyAndCertificate {
  const { publicKey, privateKey } = rsaKeyPair();
  const subject = { commonName: names[0] };
  const { pem, x509 } = buildCertificate({
    subject,
    publicKey,
    issuer: issuer ?? { name: subject, privateKey },
    notBefore: validity.notBefore ?? new Date(Date.now() - 3_600_000),
    notAfter: validity.notAfter ?? new Date(Date.now() + 30 * 86_400_000),
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['serverAuth'],
    altNames: names,
  });
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: pem, fingerprint: x509.fingerprint256 };
}

/** A new CA (RSA 2048, valid a year) that signs server certificates. */
export function createTestCa(commonName = 'Relayform Test CA'): TestCa {
  const { publicKey, privateKey } = rsaKeyPair();
  const name = { commonName };
  const ca = buildCertificate({
    subject: name,
    publicKey,
    issuer: { name, privateKey },
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  return {
    certPem: ca.pem,
    issue: (names, validity = {}) => serverCertificate(names, validity, { name, privateKey }),
  };
}

/** A server certificate signed by its own key: right names, no trusted issuer. */
export function selfSignedCertificate(names: string[]): KeyAndCertificate {
  return serverCertificate(names, {});
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
