// Generates certificates of every supported key algorithm and checks them with node:crypto and the import checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { createSelfSignedCertificate } from './self-signed-certificate.ts';
import { checkCertificateImport } from './certificate-import.ts';

for (const keyAlgorithm of ['RSA_2048', 'RSA_3072', 'ECDSA_P256', 'ECDSA_P384'] as KeyAlgorithm[]) {
  test(`generates a verifiable self-signed ${keyAlgorithm} certificate with the SANs`, async () => {
    const { certificatePem, privateKeyPem } = await createSelfSignedCertificate({
      commonName: 'mail.example.com', altNames: ['smtp.example.com', '127.0.0.1'], keyAlgorithm, validityDays: 30,
    });
    const x509 = new X509Certificate(certificatePem);
    assert.ok(x509.verify(x509.publicKey), 'self-signature verifies');
    assert.ok(x509.checkPrivateKey(createPrivateKey(privateKeyPem)));
    assert.equal(x509.subjectAltName, 'DNS:mail.example.com, DNS:smtp.example.com, IP Address:127.0.0.1');
    const checked = checkCertificateImport(certificatePem, privateKeyPem);
    assert.deepEqual(checked.details, []);
    assert.equal(checked.facts?.key_algorithm, keyAlgorithm);
    assert.equal(checked.facts?.common_name, 'mail.example.com');
    assert.deepEqual(checked.facts?.subject_alternative_names, ['smtp.example.com', '127.0.0.1']);
    assert.equal(checked.facts?.validity_days, 30);
  });
}

test('import checks name the field: mismatched key, expired certificate, garbage', async () => {
  const a = await createSelfSignedCertificate({ commonName: 'a.example', altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 1 });
  const b = await createSelfSignedCertificate({ commonName: 'b.example', altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 1 });
  assert.deepEqual(checkCertificateImport(a.certificatePem, b.privateKeyPem).details,
    [{ path: '$.private_key_pem_wo', message: 'does not match the certificate' }]);
  const later = new Date(Date.now() + 3 * 86_400_000);
  assert.match(checkCertificateImport(a.certificatePem, a.privateKeyPem, later).details[0].message, /has expired/);
  assert.equal(checkCertificateImport('nope', a.privateKeyPem).details[0].path, '$.certificate_pem');
  assert.equal(checkCertificateImport(a.certificatePem, 'nope').details[0].path, '$.private_key_pem_wo');
});
