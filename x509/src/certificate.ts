// Assembles X.509 v3 certificates (RFC 5280) and signs them with node:crypto: RSA with SHA-256, ECDSA P-256/P-384.
import { X509Certificate, createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as der from './der.ts';
import { encodeExtensions, type CertificateUse } from './extensions.ts';

export type { CertificateUse, ExtendedKeyUsage, KeyUsage } from './extensions.ts';

/** A subject or issuer name: O (when given), then CN, as UTF8Strings. */
export interface DistinguishedName {
  organization?: string;
  commonName: string;
}

/** Everything a certificate says, and who signs it. */
export interface CertificateRequest extends CertificateUse {
  subject: DistinguishedName;
  /** The key being certified. */
  publicKey: KeyObject;
  /** Whole seconds are kept; UTCTime up to 2049, GeneralizedTime from 2050. */
  notBefore: Date;
  notAfter: Date;
  /** The signer: its name and private key; the subject's own for a self-signed certificate. */
  issuer: { name: DistinguishedName; privateKey: KeyObject };
  /** Big-endian serial; default 16 random bytes, positive, the first byte never zero (so always 16 bytes long). */
  serial?: Buffer;
}

/** A signed certificate in every form its users take it. */
export interface Certificate {
  der: Buffer;
  /** PEM with LF line ends and 64-character lines. */
  pem: string;
  x509: X509Certificate;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
};

/**
 * Builds and signs the certificate, then parses it with node:crypto and checks the signature against the issuer's
 * public key; throws if the issuer's key type is not RSA or ECDSA P-256/P-384, or if the result does not verify.
 * A certificate whose subject key is the issuer's key is self-signed and carries no authority key identifier.
 */
export function buildCertificate(request: CertificateRequest): Certificate {
  const issuerPublicKey = createPublicKey(request.issuer.privateKey);
  const { hash, algorithm } = signatureAlgorithm(request.issuer.privateKey);
  const spki = request.publicKey.export({ type: 'spki', format: 'der' });
  const selfSigned = issuerPublicKey.equals(request.publicKey);
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(2)), // v3
    der.unsignedInteger(request.serial ?? randomSerial()),
    algorithm,
    encodeName(request.issuer.name),
    der.sequence(der.time(request.notBefore), der.time(request.notAfter)),
    encodeName(request.subject),
    spki,
    encodeExtensions(request, {
      subject: keyIdentifier(spki),
      authority: selfSigned ? undefined : keyIdentifier(issuerPublicKey.export({ type: 'spki', format: 'der' })),
    }),
  );
  const signature = sign(hash, tbs, { key: request.issuer.privateKey, dsaEncoding: 'der' });
  const encoded = der.sequence(tbs, algorithm, der.bitString(signature));
  const x509 = new X509Certificate(encoded);
  if (!x509.verify(issuerPublicKey)) throw new Error('the certificate does not verify with the issuer key');
  return { der: encoded, pem: toPem(encoded), x509 };
}

/** The hash and AlgorithmIdentifier for the issuer's key: RSA PKCS#1 v1.5 with SHA-256, ECDSA with its curve's hash. */
function signatureAlgorithm(key: KeyObject): { hash: string; algorithm: Buffer } {
  if (key.asymmetricKeyType === 'rsa') {
    return { hash: 'sha256', algorithm: der.sequence(der.oid(OID.sha256WithRSAEncryption), der.nullValue()) };
  }
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve === 'prime256v1') return { hash: 'sha256', algorithm: der.sequence(der.oid(OID.ecdsaWithSha256)) };
  if (curve === 'secp384r1') return { hash: 'sha384', algorithm: der.sequence(der.oid(OID.ecdsaWithSha384)) };
  throw new Error(`cannot sign a certificate with a ${key.asymmetricKeyType ?? 'secret'}${curve ? ` ${curve}` : ''} key: RSA, ECDSA P-256 or P-384 only`);
}

function encodeName(name: DistinguishedName): Buffer {
  const attribute = (oid: string, value: string) => der.set(der.sequence(der.oid(oid), der.utf8String(value)));
  return der.sequence(
    ...(name.organization === undefined ? [] : [attribute(OID.organization, name.organization)]),
    attribute(OID.commonName, name.commonName),
  );
}

function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and never zero
  return serial;
}

/** SHA-1 of the subjectPublicKey BIT STRING's key bytes (RFC 5280 4.2.1.2, method 1: what OpenSSL computes). */
function keyIdentifier(spki: Buffer): Buffer {
  const [, subjectPublicKey] = der.children(spki);
  return createHash('sha1').update(der.contents(subjectPublicKey).subarray(1)).digest();
}

function toPem(encoded: Buffer): string {
  const lines = encoded.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
