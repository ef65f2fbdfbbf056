// Accounts and certificates over real HTTP: write-only secrets, generation and import, immutability, references.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from '../tls/self-signed-certificate.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

test('accounts: create needs password_wo, which is never returned; PUT without it keeps the password; PATCH with it changes it', async () => {
  const missing = await relay.api('POST', '/v1/accounts', { name: 'alice', domain: 'CORP' });
  assert.deepEqual(missing.body.error.details, [{ path: '$.password_wo', message: 'is required when creating an account' }]);
  const created = await relay.api('POST', '/v1/accounts', { name: 'alice', domain: 'CORP', password_wo: 'first-pass', password_wo_version: 1 });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { id: created.body.id, name: 'alice', domain: 'CORP', password_wo_version: 1, managed_by: null });
  const id = created.body.id;
  assert.equal((await relay.api('POST', '/v1/accounts', { name: 'ALICE', domain: 'corp', password_wo: 'x' })).status, 409);
  assert.equal((await relay.api('GET', `/v1/accounts/${id}`, undefined, basic('CORP\\alice', 'first-pass'))).status, 200);
  assert.equal((await relay.api('PUT', `/v1/accounts/${id}`, { name: 'alice', domain: 'CORP', password_wo_version: 1 })).status, 200);
  assert.equal((await relay.api('GET', `/v1/accounts/${id}`, undefined, basic('alice@CORP', 'first-pass'))).status, 200, 'password kept');
  const patched = await relay.api('PATCH', `/v1/accounts/${id}`, { password_wo: 'second-pass', password_wo_version: 2 });
  assert.deepEqual(patched.body, { id, name: 'alice', domain: 'CORP', password_wo_version: 2, managed_by: null });
  assert.equal((await relay.api('GET', `/v1/accounts/${id}`, undefined, basic('CORP\\alice', 'first-pass'))).status, 401);
  assert.equal((await relay.api('GET', `/v1/accounts/${id}`, undefined, basic('CORP\\alice', 'second-pass'))).status, 200);
  const resent = await relay.api('PUT', `/v1/accounts/${id}`, { name: 'alice', domain: 'CORP', password_wo: 'second-pass', password_wo_version: 2 });
  assert.equal(resent.headers.get('etag'), patched.headers.get('etag'), 'the same password sent again is no change');
  assert.equal((await relay.api('GET', `/v1/audit-log?object_id=${id}`)).body.items.length, 2, 'create + one update');
  assert.equal((await relay.api('GET', '/v1/accounts')).body.items.length, 1);
  assert.equal((await relay.api('DELETE', `/v1/accounts/${id}`)).status, 204);
  assert.equal((await relay.api('GET', `/v1/accounts/${id}`)).status, 404);
});

for (const key_algorithm of ['RSA_2048', 'ECDSA_P384']) {
  test(`certificates: generate ${key_algorithm}; facts filled, private key never returned, every field immutable`, async () => {
    const created = await relay.api('POST', '/v1/certificates', {
      name: `gen-${key_algorithm}`, common_name: 'mail.example.com', subject_alternative_names: ['smtp.example.com'], key_algorithm, validity_days: 90,
    });
    assert.equal(created.status, 201, created.text);
    const cert = created.body;
    assert.equal(cert.key_algorithm, key_algorithm);
    assert.equal(cert.validity_days, 90);
    assert.equal(new X509Certificate(cert.certificate_pem).fingerprint256, cert.fingerprint_sha256);
    assert.equal(cert.private_key_pem_wo, undefined);
    assert.doesNotMatch(created.text, /PRIVATE KEY/);
    const keyPair = await relay.handles().config.certificateKeyPair(cert.id);
    assert.ok(new X509Certificate(keyPair!.certificate_pem).checkPrivateKey((await import('node:crypto')).createPrivateKey(keyPair!.private_key_pem)));
    const same = await relay.api('PUT', `/v1/certificates/${cert.id}`, { name: cert.name, common_name: 'mail.example.com' });
    assert.equal(same.status, 200, 'an unchanged PUT is fine');
    const renamed = await relay.api('PATCH', `/v1/certificates/${cert.id}`, { name: 'renamed', validity_days: 10 });
    assert.equal(renamed.status, 422);
    assert.deepEqual(renamed.body.error.details.map((d: { path: string }) => d.path), ['$.name', '$.validity_days']);
    assert.equal(renamed.body.error.details[0].message, 'is immutable');
  });
}

test('certificates: a subject alternative name with an IPv6 zone is a 422 on that item, not a server error', async () => {
  const zoned = await relay.api('POST', '/v1/certificates', { name: 'zoned', common_name: 'mail.example.com', subject_alternative_names: ['::1', 'fe80::1%eth0'] });
  assert.equal(zoned.status, 422, zoned.text);
  assert.equal(zoned.body.error.details[0].path, '$.subject_alternative_names[1]');
  assert.match(zoned.body.error.details[0].message, /without a zone/);
});

test('certificates: the names read back as written (the common name among the alternative names, an IPv6 address in capitals), also on import', async () => {
  const written = ['Mail.Example.com', 'smtp.example.com', '2001:DB8::0:1'];
  const created = await relay.api('POST', '/v1/certificates', { name: 'names', common_name: 'Mail.Example.com', subject_alternative_names: written, key_algorithm: 'ECDSA_P256' });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual([created.body.common_name, created.body.subject_alternative_names], ['Mail.Example.com', written]);
  assert.deepEqual((await relay.api('GET', `/v1/certificates/${created.body.id}`)).body.subject_alternative_names, written);
  assert.equal(new X509Certificate(created.body.certificate_pem).subjectAltName, 'DNS:Mail.Example.com, DNS:smtp.example.com, IP Address:2001:DB8:0:0:0:0:0:1',
    'the certificate holds every name once');

  const pem = await createSelfSignedCertificate({ commonName: 'in.example', altNames: ['alt.example', '2001:db8::1'], keyAlgorithm: 'ECDSA_P256', validityDays: 30 });
  const sameNames = await relay.api('POST', '/v1/certificates', {
    name: 'names-imported', certificate_pem: pem.certificatePem, private_key_pem_wo: pem.privateKeyPem, subject_alternative_names: ['2001:DB8::1', 'in.example', 'ALT.example'],
  });
  assert.equal(sameNames.status, 201, sameNames.text);
  assert.deepEqual(sameNames.body.subject_alternative_names, ['2001:DB8::1', 'in.example', 'ALT.example'], 'the same names in another form stay as written');
  const unset = await relay.api('POST', '/v1/certificates', { name: 'names-read', certificate_pem: pem.certificatePem, private_key_pem_wo: pem.privateKeyPem });
  assert.deepEqual(unset.body.subject_alternative_names, ['alt.example', '2001:db8::1'], 'left unset: read from the certificate');
  const other = await relay.api('POST', '/v1/certificates', {
    name: 'names-other', certificate_pem: pem.certificatePem, private_key_pem_wo: pem.privateKeyPem, subject_alternative_names: ['alt.example'],
  });
  assert.equal(other.status, 422);
  assert.equal(other.body.error.details[0].path, '$.subject_alternative_names');
  for (const id of [created.body.id, sameNames.body.id, unset.body.id]) assert.equal((await relay.api('DELETE', `/v1/certificates/${id}`)).status, 204);
});

test('certificates: import validates the pair; in-use certificates cannot be deleted (409)', async () => {
  const pem = await createSelfSignedCertificate({ commonName: 'import.example', altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 30 });
  const other = await createSelfSignedCertificate({ commonName: 'other.example', altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 30 });
  const mismatch = await relay.api('POST', '/v1/certificates', { name: 'bad', certificate_pem: pem.certificatePem, private_key_pem_wo: other.privateKeyPem });
  assert.equal(mismatch.status, 422);
  assert.deepEqual(mismatch.body.error.details, [{ path: '$.private_key_pem_wo', message: 'does not match the certificate' }]);
  const noKey = await relay.api('POST', '/v1/certificates', { name: 'bad', certificate_pem: pem.certificatePem });
  assert.equal(noKey.body.error.details[0].path, '$.private_key_pem_wo');
  const imported = await relay.api('POST', '/v1/certificates', { name: 'imp', certificate_pem: pem.certificatePem, private_key_pem_wo: pem.privateKeyPem });
  assert.equal(imported.status, 201, imported.text);
  assert.equal(imported.body.common_name, 'import.example');
  assert.equal(imported.body.key_algorithm, 'ECDSA_P256');
  assert.ok(!imported.text.includes(pem.privateKeyPem.split('\n')[1]));
  const vs = await relay.api('POST', '/v1/virtual-servers', { name: 'tls', port: 2621, tls: { certificate_id: imported.body.id, require_tls: true } });
  assert.equal(vs.status, 201);
  const dangling = await relay.api('POST', '/v1/virtual-servers', { name: 'tls2', port: 2622, tls: { certificate_id: 'nope' } });
  assert.equal(dangling.status, 422);
  assert.equal(dangling.body.error.details[0].path, '$.tls.certificate_id');
  const inUse = await relay.api('DELETE', `/v1/certificates/${imported.body.id}`);
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.error.message, new RegExp(vs.body.id));
  await relay.api('DELETE', `/v1/virtual-servers/${vs.body.id}`);
  assert.equal((await relay.api('DELETE', `/v1/certificates/${imported.body.id}`)).status, 204);
});
