// Tests that the plugin certificate is what go-plugin's AutoMTLS client accepts, checked with node:crypto's X509Certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createSign, createVerify } from 'node:crypto';
import { createPluginCertificate } from './self-signed-certificate.ts';

test('the certificate parses, is self-signed and verifies with its own key', () => {
  const cert = createPluginCertificate();
  const x509 = new X509Certificate(cert.der);
  assert.equal(x509.verify(x509.publicKey), true);
  assert.equal(x509.checkIssued(x509), true);
  assert.equal(x509.ca, true);
  assert.match(x509.subject, /CN=localhost/);
  assert.equal(new X509Certificate(cert.certPem).fingerprint256, x509.fingerprint256);
});

test('the certificate names localhost and has a positive serial', () => {
  const x509 = new X509Certificate(createPluginCertificate().der);
  assert.equal(x509.subjectAltName, 'DNS:localhost');
  assert.equal(x509.checkHost('localhost'), 'localhost');
  const serial = BigInt('0x' + x509.serialNumber);
  assert.ok(serial > 0n);
  assert.ok(x509.serialNumber.length >= 30, 'about 127 random bits');
  assert.deepEqual(x509.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
});

test('the validity window covers now and the requested days', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const x509 = new X509Certificate(createPluginCertificate(30, now).der);
  assert.equal(new Date(x509.validFrom).getTime(), now.getTime() - 60_000);
  assert.equal(new Date(x509.validTo).getTime(), now.getTime() + 30 * 86_400_000);
});

test('the private key matches the certificate and every call makes a new key', () => {
  const a = createPluginCertificate();
  const b = createPluginCertificate();
  const signer = createSign('sha256').update('hello');
  const signature = signer.sign(createPrivateKey(a.keyPem));
  const x509 = new X509Certificate(a.der);
  assert.ok(createVerify('sha256').update('hello').verify(x509.publicKey, signature));
  assert.notEqual(a.keyPem, b.keyPem);
  assert.notEqual(new X509Certificate(b.der).serialNumber, x509.serialNumber);
});

test('generation is fast (no pure-JS RSA)', () => {
  const start = performance.now();
  for (let i = 0; i < 20; i++) createPluginCertificate();
  assert.ok((performance.now() - start) / 20 < 20, 'under 20 ms each');
});
