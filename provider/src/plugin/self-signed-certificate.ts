// Creates the plugin's TLS identity for go-plugin AutoMTLS: an ECDSA P-256 key and a self-signed X.509 v3 certificate.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as der from './der.ts';

/** The server identity presented to Terraform; `der` goes base64 (no padding) into the handshake line. */
export interface PluginCertificate {
  der: Buffer;
  certPem: string;
  keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectAltName: '2.5.29.17',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

const name = (): Buffer => der.sequence(
  der.set(der.sequence(der.oid(OID.organization), der.utf8String('Relayform'))),
  der.set(der.sequence(der.oid(OID.commonName), der.utf8String('localhost'))),
);

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

/**
 * Generates a fresh key and a certificate for CN=localhost with SAN DNS:localhost, a random positive
 * serial, valid from one minute ago for `validDays`, usable for server and client auth (it is its own CA,
 * as go-plugin's client adds it to its root pool). Takes about a millisecond.
 */
export function createPluginCertificate(validDays = 3650, now = new Date()): PluginCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and never zero
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    name(),
    der.sequence(der.time(new Date(now.getTime() - 60_000)), der.time(new Date(now.getTime() + validDays * 86_400_000))),
    name(),
    publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(
      extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
      // digitalSignature | keyEncipherment | keyCertSign = 1010 0100, two unused trailing bits
      extension(OID.keyUsage, true, der.bitString(Buffer.from([0xa4]), 2)),
      extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
      extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from('localhost', 'ascii')))),
    )),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return { der: certificate, certPem: toPem(certificate), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

function toPem(certificate: Buffer): string {
  const lines = certificate.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
