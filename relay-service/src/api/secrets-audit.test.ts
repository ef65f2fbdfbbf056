// Secrets never leave: no response body, no audit entry and no database file holds a secret in clear; the audit log records every change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '../tls/self-signed-certificate.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import type { ApiCall } from '../../../test/support/api-client.ts';

let relay: TestRelay;
const bodies: string[] = [];
let api: ApiCall;
const secrets = { account: 'acct-Pa55word!', smartHost: 'smart-host-Secret-77', remote: 'remote-domain-Secret-99' };
let privateKeyBody = '';
const ids: Record<string, string> = {};

before(async () => {
  relay = await startTestRelay();
  api = async (method, path, body, headers) => {
    const result = await relay.api(method, path, body, headers);
    bodies.push(`${method} ${path} -> ${result.status}\n${result.text}\n${[...result.headers].join('\n')}`);
    return result;
  };
  const pem = await createSelfSignedCertificate({ commonName: 'secret.example', altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 5 });
  privateKeyBody = pem.privateKeyPem.split('\n')[1];
  ids.certificate = (await api('POST', '/v1/certificates', { name: 'c', certificate_pem: pem.certificatePem, private_key_pem_wo: pem.privateKeyPem })).body.id;
  ids.account = (await api('POST', '/v1/accounts', { name: 'carol', password_wo: secrets.account, password_wo_version: 1 })).body.id;
  ids.server = (await api('POST', '/v1/virtual-servers', {
    name: 's', port: 2651, tls: { certificate_id: ids.certificate },
    delivery: { smart_host: 'relay.example.net', outbound_security: { authentication: 'basic', username: 'u', password_wo: secrets.smartHost, password_wo_version: 3 } },
  })).body.id;
  ids.remote = (await api('POST', `/v1/virtual-servers/${ids.server}/remote-domains`, {
    name: 'partner.example', outbound_security: { authentication: 'integrated', username: 'p', password_wo: secrets.remote },
  })).body.id;
  await api('PATCH', `/v1/accounts/${ids.account}`, { password_wo: `${secrets.account}-2`, password_wo_version: 2 });
});
after(() => relay.dispose());

test('the relay keeps the secrets usable for the data plane', async () => {
  assert.equal(await relay.handles().config.outboundSecret({ virtual_server_id: ids.server }, 'password'), secrets.smartHost);
  assert.equal(await relay.handles().config.outboundSecret({ remote_domain_id: ids.remote }, 'password'), secrets.remote);
  assert.equal((await relay.handles().config.cramMd5Secret('carol', ''))?.secret, `${secrets.account}-2`);
  assert.equal((await relay.handles().config.verifyPassword('carol', '', `${secrets.account}-2`))?.account.id, ids.account);
  assert.equal(await relay.handles().config.verifyPassword('carol', '', secrets.account), null);
  assert.match((await relay.handles().config.certificateKeyPair(ids.certificate))!.private_key_pem, /PRIVATE KEY/);
});

test('no response body or header ever contains a secret, and *_wo_version is returned', async () => {
  for (const path of ['/v1/accounts', '/v1/certificates', '/v1/virtual-servers', `/v1/virtual-servers/${ids.server}/remote-domains`, '/v1/audit-log?limit=1000',
    `/v1/accounts/${ids.account}`, `/v1/certificates/${ids.certificate}`, `/v1/virtual-servers/${ids.server}`]) {
    assert.equal((await api('GET', path)).status, 200);
  }
  assert.equal((await api('GET', `/v1/virtual-servers/${ids.server}`)).body.delivery.outbound_security.password_wo_version, 3);
  assert.equal((await api('GET', `/v1/accounts/${ids.account}`)).body.password_wo_version, 2);
  assert.ok(bodies.length >= 14);
  const all = bodies.join('\n');
  for (const secret of [...Object.values(secrets), `${secrets.account}-2`, privateKeyBody]) assert.ok(!all.includes(secret), `leaked ${secret}`);
  assert.ok(!/"(password_wo|private_key_pem_wo)":"(?!\[redacted\])|PRIVATE KEY/.test(all), 'a write-only field appears unredacted');
});

test('every change has an audit entry (who, when, what, before/after) with secrets redacted', async () => {
  const entries = (await api('GET', '/v1/audit-log?limit=1000')).body.items;
  assert.deepEqual(entries.map((e: { action: string; object_type: string }) => `${e.action} ${e.object_type}`),
    ['update account', 'create remote_domain', 'create virtual_server', 'create account', 'create certificate']);
  for (const entry of entries) {
    assert.equal(entry.actor, 'admin');
    assert.ok(Math.abs(Date.parse(entry.at) - Date.now()) < 60_000);
  }
  const [update, remote, server, account] = entries;
  assert.equal(update.before.password_wo_version, 1);
  assert.deepEqual(update.after, { id: ids.account, name: 'carol', domain: '', password_wo: '[redacted]', password_wo_version: 2 });
  assert.equal(account.after.password_wo, '[redacted]');
  assert.equal(server.after.delivery.outbound_security.password_wo, '[redacted]');
  assert.equal(remote.after.outbound_security.password_wo, '[redacted]');
});

test('the database files hold no secret in clear', () => {
  const files = readdirSync(relay.dataDir).filter((f) => f.startsWith('config.sqlite'));
  assert.ok(files.length >= 1);
  const raw = files.map((f) => readFileSync(join(relay.dataDir, f)).toString('latin1')).join('');
  assert.ok(raw.includes('carol'), 'the files are the right ones');
  for (const secret of [...Object.values(secrets), privateKeyBody]) assert.ok(!raw.includes(secret), `stored in clear: ${secret}`);
});
