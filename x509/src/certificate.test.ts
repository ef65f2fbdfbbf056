// Tests the certificate builder with node:crypto's X509Certificate, a real TLS handshake on loopback and (if installed) openssl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { buildCertificate, type CertificateRequest, type DistinguishedName } from './certificate.ts';

const keyTypes = {
  RSA_2048: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ECDSA_P256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ECDSA_P384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
};

const hour = 3_600_000;

/** A server certificate for mail.example.test valid an hour either side of now: self-signed unless `overrides.issuer`. */
function certify(keys: { publicKey: KeyObject; privateKey: KeyObject }, overrides: Partial<CertificateRequest> = {}) {
  const subject = { commonName: 'mail.example.test' };
  return buildCertificate({
    subject, publicKey: keys.publicKey, issuer: { name: subject, privateKey: keys.privateKey },
    notBefore: new Date(Date.now() - hour), notAfter: new Date(Date.now() + hour),
    keyUsage: ['digitalSignature'], extendedKeyUsage: ['serverAuth'], altNames: ['mail.example.test'],
    ...overrides,
  });
}

function testCa(keys: { publicKey: KeyObject; privateKey: KeyObject }, name: DistinguishedName) {
  const certificate = buildCertificate({
    subject: name, publicKey: keys.publicKey, issuer: { name, privateKey: keys.privateKey },
    notBefore: new Date(Date.now() - hour), notAfter: new Date(Date.now() + 24 * hour),
    ca: true, keyUsage: ['keyCertSign', 'cRLSign'],
  });
  return { certificate, issuer: { name, privateKey: keys.privateKey } };
}

for (const [keyType, generate] of Object.entries(keyTypes)) {
  test(`a self-signed ${keyType} certificate parses, verifies with its key and says what was asked`, () => {
    const keys = generate();
    const notBefore = new Date('2026-03-01T10:20:30.999Z');
    const notAfter = new Date('2027-03-01T10:20:30Z');
    const serial = Buffer.from('0a0b0c0d0e0f10111213141516171819', 'hex');
    const { x509, der, pem } = certify(keys, {
      notBefore, notAfter, serial, altNames: ['mail.example.test', 'smtp.example.test', '192.0.2.7', '2001:db8::a', '::ffff:198.51.100.1'],
    });
    assert.ok(x509.verify(keys.publicKey));
    assert.ok(x509.checkPrivateKey(keys.privateKey));
    assert.ok(x509.publicKey.equals(keys.publicKey));
    assert.equal(x509.subject, 'CN=mail.example.test');
    assert.equal(x509.issuer, 'CN=mail.example.test');
    assert.equal(x509.subjectAltName,
      'DNS:mail.example.test, DNS:smtp.example.test, IP Address:192.0.2.7, IP Address:2001:DB8:0:0:0:0:0:A, IP Address:0:0:0:0:0:FFFF:C633:6401');
    assert.equal(x509.checkIP('192.0.2.7'), '192.0.2.7');
    assert.equal(x509.checkHost('smtp.example.test'), 'smtp.example.test');
    assert.equal(new Date(x509.validFrom).toISOString(), '2026-03-01T10:20:30.000Z', 'whole seconds');
    assert.equal(new Date(x509.validTo).toISOString(), '2027-03-01T10:20:30.000Z');
    assert.equal(x509.serialNumber, '0A0B0C0D0E0F10111213141516171819');
    assert.equal(x509.ca, false);
    assert.deepEqual(x509.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(x509.raw.equals(der));
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
  });
}

test('the default serial is 16 bytes, positive and new each time; validity from 2050 is a GeneralizedTime', () => {
  const keys = keyTypes.ECDSA_P256();
  const a = certify(keys, { notAfter: new Date('2051-06-30T23:59:59Z') }).x509;
  const b = certify(keys).x509;
  assert.match(a.serialNumber, /^(0[1-9A-F]|[1-7][0-9A-F])[0-9A-F]{30}$/);
  assert.notEqual(a.serialNumber, b.serialNumber);
  assert.equal(new Date(a.validTo).toISOString(), '2051-06-30T23:59:59.000Z');
});

test('a leaf issued by a CA verifies against the CA and not against another', () => {
  for (const [caType, leafType] of [['RSA_2048', 'ECDSA_P256'], ['ECDSA_P384', 'RSA_2048']] as const) {
    const caKeys = keyTypes[caType]();
    const ca = testCa(caKeys, { organization: 'Relayform', commonName: `Test CA ${caType}` });
    const other = testCa(keyTypes.ECDSA_P256(), { organization: 'Relayform', commonName: `Test CA ${caType}` });
    assert.equal(ca.certificate.x509.ca, true);
    assert.ok(ca.certificate.x509.checkIssued(ca.certificate.x509), 'the CA is self-issued');
    const leafKeys = keyTypes[leafType]();
    const leaf = certify(leafKeys, { issuer: ca.issuer, keyUsage: ['digitalSignature', 'keyEncipherment'] }).x509;
    assert.equal(leaf.issuer, `O=Relayform\nCN=Test CA ${caType}`);
    assert.ok(leaf.checkIssued(ca.certificate.x509), `${leafType} leaf issued by the ${caType} CA`);
    assert.ok(leaf.verify(caKeys.publicKey));
    assert.equal(leaf.verify(leafKeys.publicKey), false, 'not signed by its own key');
    // Same name, other key: the authority key identifier tells the two apart.
    assert.equal(leaf.checkIssued(other.certificate.x509), false);
    assert.equal(leaf.verify(other.certificate.x509.publicKey), false);
  }
});

test('only RSA and ECDSA P-256/P-384 keys sign', () => {
  const keys = generateKeyPairSync('ed25519');
  assert.throws(() => certify(keys), /cannot sign a certificate with a ed25519 key: RSA, ECDSA P-256 or P-384 only/);
  const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  assert.throws(() => certify(p521), /with a ec secp521r1 key/);
});

test('names that are neither DNS names nor IP addresses and empty key usages are refused', () => {
  const keys = keyTypes.ECDSA_P256();
  assert.throws(() => certify(keys, { altNames: ['bad name'] }), /not a DNS name or IP address: "bad name"/);
  assert.throws(() => certify(keys, { altNames: ['fe80::1%eth0'] }), /has no zone/);
  assert.throws(() => certify(keys, { keyUsage: [] }), /at least one key usage/);
});

test('node:tls accepts a CA-issued chain in a real handshake on loopback, by name and by IP address', async (t) => {
  for (const [caType, leafType] of [['RSA_2048', 'ECDSA_P256'], ['ECDSA_P384', 'RSA_2048']] as const) {
    const ca = testCa(keyTypes[caType](), { commonName: 'Loopback CA' });
    const leafKeys = keyTypes[leafType]();
    const leaf = certify(leafKeys, {
      subject: { commonName: 'localhost' }, issuer: ca.issuer, altNames: ['localhost', '127.0.0.1'],
      keyUsage: leafType === 'RSA_2048' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'],
    });
    const server = createServer({ key: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: leaf.pem }, (socket) => socket.end('hello\n'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.after(() => server.listening && server.close());
    const { port } = server.address() as AddressInfo;
    const handshake = async (options: { servername?: string; ca: string }) => {
      const socket = connect({ host: '127.0.0.1', port, ...options });
      try {
        await once(socket, 'secureConnect');
        return { authorized: socket.authorized, peer: socket.getPeerX509Certificate()?.fingerprint256 };
      } finally {
        socket.destroy();
      }
    };
    assert.deepEqual(await handshake({ servername: 'localhost', ca: ca.certificate.pem }), { authorized: true, peer: leaf.x509.fingerprint256 });
    assert.deepEqual(await handshake({ ca: ca.certificate.pem }), { authorized: true, peer: leaf.x509.fingerprint256 }, 'the IP SAN');
    const stranger = testCa(keyTypes.ECDSA_P256(), { commonName: 'Loopback CA' });
    await assert.rejects(handshake({ servername: 'localhost', ca: stranger.certificate.pem }), /certificate signature failure|unable to verify|unable to get local issuer/);
    server.close();
    await once(server, 'close');
  }
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('openssl reads the extensions and verifies the chain', { skip: !hasOpenssl && 'openssl is not installed' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'x509-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ca = testCa(keyTypes.ECDSA_P384(), { commonName: 'OpenSSL CA' });
  const leaf = certify(keyTypes.ECDSA_P256(), { issuer: ca.issuer, altNames: ['mx.example.test', '2001:db8::25'] });
  const rsaLeaf = certify(keyTypes.RSA_2048(), { issuer: ca.issuer, keyUsage: ['digitalSignature', 'keyEncipherment'] });
  writeFileSync(join(dir, 'ca.pem'), ca.certificate.pem);
  writeFileSync(join(dir, 'leaf.pem'), leaf.pem);
  writeFileSync(join(dir, 'rsa-leaf.pem'), rsaLeaf.pem);
  const text = (file: string) => execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, file)], { encoding: 'utf8' });
  const caText = text('ca.pem');
  assert.match(caText, /Signature Algorithm: ecdsa-with-SHA384/);
  assert.match(caText, /Basic Constraints: critical\s+CA:TRUE/);
  assert.match(caText, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
  const leafText = text('leaf.pem');
  assert.match(leafText, /Signature Algorithm: ecdsa-with-SHA384/, 'signed by the P-384 CA');
  assert.match(leafText, /Basic Constraints: critical\s+CA:FALSE/);
  assert.match(leafText, /Key Usage: critical\s+Digital Signature\n/);
  assert.match(leafText, /Extended Key Usage: \s*\n\s+TLS Web Server Authentication\n/);
  assert.match(leafText, /DNS:mx\.example\.test, IP Address:2001:DB8:0:0:0:0:0:25/);
  assert.match(text('rsa-leaf.pem'), /Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
  const caKeyId = /Subject Key Identifier: \s*\n\s+([0-9A-F:]+)/.exec(caText)?.[1];
  assert.ok(caKeyId);
  assert.match(leafText, new RegExp(`Authority Key Identifier: \\s*\\n\\s+(keyid:)?${caKeyId}`));
  assert.equal(execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' }).trim(),
    `${join(dir, 'leaf.pem')}: OK`);
});
