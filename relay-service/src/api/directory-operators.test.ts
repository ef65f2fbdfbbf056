// Directory users and groups as operators over real HTTP against a real slapd: Basic auth with directory passwords,
// nested group membership, 403 elsewhere, removal from the group effective within the cache TTL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../../test/support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd, type TestSlapd } from '../../../test/support/slapd.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let ldap: TestSlapd;
let relay: TestRelay;
let serverA: string;
let serverB: string;
let directoryId: string;
const cacheTtlSeconds = 2;

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const as = (user: keyof typeof slapdPasswords) => basic(`CORP\\${user}`, slapdPasswords[user]);

before(async () => {
  ldap = await startTestSlapd();
  relay = await startTestRelay();
  const server = async (name: string) => (await relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() })).body.id as string;
  [serverA, serverB] = [await server('A'), await server('B')];
  const created = await relay.api('POST', '/v1/directories', {
    name: 'corp', domain: 'CORP', flavor: 'openldap', urls: [ldap.url], start_tls: true, tls_ca_pem: ldap.caPem,
    bind_dn: ldap.bindDn, bind_password_wo: ldap.bindPassword, user_search_base: `ou=people,${slapdSuffix}`,
    group_search_base: `ou=groups,${slapdSuffix}`, cache_ttl_seconds: cacheTtlSeconds,
  });
  assert.equal(created.status, 201, created.text);
  directoryId = created.body.id;
});
after(async () => {
  await relay?.dispose();
  await ldap?.stop();
});

test('operators: account_id or directory_id + directory_dn, not both, referring to things that exist', async () => {
  const post = (body: unknown) => relay.api('POST', `/v1/virtual-servers/${serverA}/operators`, body);
  const detail = async (body: unknown) => (await post(body)).body.error.details[0];
  assert.deepEqual(await detail({}), { path: '$.account_id', message: 'is required unless directory_id and directory_dn are set' });
  assert.deepEqual(await detail({ account_id: 'x', directory_id: directoryId, directory_dn: 'cn=x' }),
    { path: '$.account_id', message: 'must not be set together with directory_id/directory_dn' });
  assert.deepEqual(await detail({ directory_dn: 'cn=x' }), { path: '$.directory_id', message: 'is required with directory_dn' });
  assert.deepEqual(await detail({ directory_id: 'nope', directory_dn: 'cn=x' }),
    { path: '$.directory_id', message: 'refers to directory nope, which does not exist' });
});

test('a directory group operates its server: nested members included, 403 on another server and on admin resources', async () => {
  const group = await relay.api('POST', `/v1/virtual-servers/${serverA}/operators`, { directory_id: directoryId, directory_dn: ldap.groupDn('relay-admins') });
  assert.equal(group.status, 201, group.text);
  assert.deepEqual(group.body, { id: group.body.id, virtual_server_id: serverA, directory_id: directoryId, directory_dn: ldap.groupDn('relay-admins'), managed_by: null });
  const again = await relay.api('POST', `/v1/virtual-servers/${serverA}/operators`, { directory_id: directoryId, directory_dn: ldap.groupDn('Relay-Admins').toUpperCase() });
  assert.equal(again.status, 409, 'DNs compare case-insensitively');
  for (const user of ['carol', 'bob'] as const) { // carol directly, bob through helpdesk
    const patched = await relay.api('PATCH', `/v1/virtual-servers/${serverA}`, { ndr: { send_copy_to: `${user}@corp.test` } }, as(user));
    assert.equal(patched.status, 200, `${user}: ${patched.text}`);
    assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${serverB}`, { ndr: { send_copy_to: 'x@corp.test' } }, as(user))).status, 403);
  }
  const audit = await relay.api('GET', `/v1/audit-log?object_id=${serverA}`);
  assert.ok(audit.body.items.some((e: { actor: string }) => e.actor === 'CORP\\bob'), 'the audit log names the directory user');
  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${serverA}`, { enabled: true }, as('alice'))).status, 403, 'alice is in no group');
  assert.equal((await relay.api('GET', '/v1/directories', undefined, as('carol'))).status, 403);
  assert.equal((await relay.api('POST', '/v1/tokens', {}, as('carol'))).status, 403, 'no relay tokens for directory users');
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, basic('CORP\\carol', 'wrong'))).status, 401);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, basic('carol', slapdPasswords.carol))).status, 200,
    'a bare name belongs to the only directory');
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, as('dave'))).status, 200,
    'dave is a nested member and the openldap filter has no disabled flag');
});

test('a directory user named by DN operates its server; the directory cannot be deleted while it names operators', async () => {
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverB}`, undefined, as('alice'))).status, 403);
  const created = await relay.api('POST', `/v1/virtual-servers/${serverB}/operators`, { directory_id: directoryId, directory_dn: ldap.userDn('alice') });
  assert.equal(created.status, 201, created.text);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverB}`, undefined, as('alice'))).status, 200);
  assert.equal((await relay.api('DELETE', `/v1/directories/${directoryId}`)).status, 409);
});

test('removing a user from the group takes effect within cache_ttl_seconds', async () => {
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, as('bob'))).status, 200);
  ldap.modify(`dn: ${ldap.groupDn('helpdesk')}\nchangetype: modify\ndelete: member\nmember: ${ldap.userDn('bob')}\n`);
  await new Promise((resolve) => setTimeout(resolve, cacheTtlSeconds * 1000 + 200));
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, as('bob'))).status, 403);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, as('carol'))).status, 200, 'carol is still a member');
});

test('a directory that cannot be reached is 503 for its users, and local accounts and the admin are unaffected', async () => {
  const patched = await relay.api('PATCH', `/v1/directories/${directoryId}`, { urls: [`ldap://127.0.0.1:${await freePort()}`], timeout_seconds: 1 });
  assert.equal(patched.status, 200, patched.text);
  const refused = await relay.api('GET', `/v1/virtual-servers/${serverA}`, undefined, as('carol'));
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '30');
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${serverA}`)).status, 200);
  await relay.api('PATCH', `/v1/directories/${directoryId}`, { urls: [ldap.url] });
});
