// Builds self-signed server certificates with node-forge: its pki signs RSA; ECDSA is signed with node:crypto.
import { X509Certificate, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { createKeyPair, type KeyPair } from './key-pair.ts';

/** What to certify: subject CN, extra names (DNS names or IPs), key type and lifetime. */
export interface CertificateRequest {
  commonName: string;
  altNames: string[];
  keyAlgorithm: KeyAlgorithm;
  validityDays: number;
}

const { asn1, pki } = forge;
const ecdsaSignature = {
  ECDSA_P256: { oid: '1.2.840.10045.4.3.2', hash: 'sha256' },
  ECDSA_P384: { oid: '1.2.840.10045.4.3.3', hash: 'sha384' },
} as const;

/** A forge certificate with subject, issuer, validity and extensions set, but no key and no signature yet. */
function certificateBody(request: CertificateRequest, now: Date): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive, 16 bytes
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + request.validityDays * 86_400_000);
  const subject = [{ name: 'commonName', value: request.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const names = [request.commonName, ...request.altNames.filter((n) => n !== request.commonName)];
  const rsa = request.keyAlgorithm.startsWith('RSA_');
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: rsa },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  return cert;
}

function signRsa(cert: forge.pki.Certificate, keys: KeyPair): string {
  cert.publicKey = pki.publicKeyFromPem(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.sign(pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return pki.certificateToPem(cert);
}

/** forge cannot sign with ECDSA: assemble the TBSCertificate from forge's ASN.1 pieces and sign it natively. */
function signEcdsa(cert: forge.pki.Certificate, keys: KeyPair, algorithm: keyof typeof ecdsaSignature): string {
  const { Class, Type } = asn1;
  const { oid, hash } = ecdsaSignature[algorithm];
  const algorithmId = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(oid).getBytes()),
  ]);
  const time = (date: Date) => date.getUTCFullYear() >= 2050
    ? asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date))
    : asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(date));
  const spki = asn1.fromDer(keys.publicKey.export({ type: 'spki', format: 'der' }).toString('binary'));
  const extensions = (pki as unknown as { certificateExtensionsToAsn1(e: unknown[]): forge.asn1.Asn1 })
    .certificateExtensionsToAsn1(cert.extensions);
  const tbs = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(2).getBytes())]),
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(cert.serialNumber)),
    algorithmId,
    pki.distinguishedNameToAsn1(cert.issuer),
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [time(cert.validity.notBefore), time(cert.validity.notAfter)]),
    pki.distinguishedNameToAsn1(cert.subject),
    spki,
    extensions,
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign(hash, tbsDer, { key: keys.privateKey, dsaEncoding: 'der' });
  const certificate = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    tbs,
    algorithmId,
    asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\x00' + signature.toString('binary')),
  ]);
  return forge.pem.encode({ type: 'CERTIFICATE', body: asn1.toDer(certificate).getBytes() });
}

/** Generates a key pair and a self-signed certificate for it; throws if node:crypto does not accept the result. */
export async function createSelfSignedCertificate(request: CertificateRequest, now = new Date()): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await createKeyPair(request.keyAlgorithm);
  const cert = certificateBody(request, now);
  const algorithm = request.keyAlgorithm;
  const signed = algorithm === 'ECDSA_P256' || algorithm === 'ECDSA_P384'
    ? signEcdsa(cert, keys, algorithm)
    : signRsa(cert, keys);
  // forge writes CRLF line ends; store and serve PEM with LF like every other tool.
  const certificatePem = signed.replace(/\r\n/g, '\n');
  const x509 = new X509Certificate(certificatePem);
  if (!x509.checkPrivateKey(keys.privateKey) || !x509.verify(keys.publicKey)) {
    throw new Error('generated certificate does not verify against its own key');
  }
  return { certificatePem, privateKeyPem: keys.privateKeyPem };
}
