// The managed-by marker over real HTTP: a request naming its tool marks the object once, as metadata (no new version,
// no audit entry, no change to the document); reads show it, bodies cannot set it, a delete clears it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

const terraform = { 'Relayform-Managed-By': 'terraform' };

test('a plain create is unmarked; a marked read marks it once without a new version, config version or audit entry', async () => {
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'by-hand', port: 2701, enabled: false });
  assert.equal(created.status, 201);
  assert.equal(created.body.managed_by, null);
  const id = created.body.id as string;
  const etag = created.headers.get('etag');
  const configVersion = await relay.handles().store.configVersion();
  const auditBefore = (await relay.api('GET', `/v1/audit-log?object_id=${id}`)).body.items.length;

  const read = await relay.api('GET', `/v1/virtual-servers/${id}`, undefined, terraform);
  assert.equal(read.status, 200);
  assert.equal(read.body.managed_by, 'terraform', 'the marked read shows the marker it set');
  assert.equal(read.headers.get('etag'), etag, 'the ETag (the version) does not change');
  assert.equal(await relay.handles().store.configVersion(), configVersion, 'marking is not a configuration change');
  assert.equal((await relay.api('GET', `/v1/audit-log?object_id=${id}`)).body.items.length, auditBefore, 'nor an audited change');
  const { managed_by: _marker, ...document } = read.body;
  const { managed_by: _none, ...original } = created.body;
  assert.deepEqual(document, original, 'the document is the same');

  const plain = await relay.api('GET', `/v1/virtual-servers/${id}`);
  assert.equal(plain.body.managed_by, 'terraform', 'every reader sees it');
  assert.equal((await relay.api('GET', '/v1/virtual-servers')).body.items.find((s: { id: string }) => s.id === id).managed_by, 'terraform', 'lists show it');
});

test('a marked read of an object already marked writes nothing', async () => {
  const { body } = await relay.api('POST', '/v1/accounts', { name: 'marked-once', domain: 'CORP', password_wo: 'pw-123456789', password_wo_version: 1 }, terraform);
  assert.equal(body.managed_by, 'terraform', 'a marked create marks');
  let transactions = 0;
  const { store } = relay.handles();
  const original = store.transaction.bind(store);
  store.transaction = ((work) => { transactions++; return original(work); }) as typeof store.transaction;
  try {
    for (let i = 0; i < 3; i++) assert.equal((await relay.api('GET', `/v1/accounts/${body.id}`, undefined, terraform)).body.managed_by, 'terraform');
  } finally {
    store.transaction = original;
  }
  assert.equal(transactions, 0, 'no store write on a refresh of a marked object');
});

test('managed_by in a body is ignored like listener_state (a document read and sent back); a bad header is 400 naming it', async () => {
  const { body } = await relay.api('POST', '/v1/virtual-servers', { name: 'sent-back', port: 2702, enabled: false, managed_by: 'terraform' });
  assert.equal(body.managed_by, null, 'a body cannot mark an object');
  const put = await relay.api('PUT', `/v1/virtual-servers/${body.id}`, { ...body, name: 'sent-back-2', managed_by: 'pulumi' });
  assert.equal(put.status, 200);
  assert.equal(put.body.managed_by, null);
  const patch = await relay.api('PATCH', `/v1/virtual-servers/${body.id}`, { managed_by: 'terraform' });
  assert.equal(patch.status, 200);
  assert.equal(patch.body.managed_by, null);

  for (const bad of ['Terraform', 'terraform tool', '']) {
    const refused = await relay.api('POST', '/v1/accounts', { name: `bad-${bad.length}`, domain: 'CORP' }, { 'Relayform-Managed-By': bad });
    assert.equal(refused.status, 400, bad);
    assert.equal(refused.body.error.details[0].path, 'header.Relayform-Managed-By');
  }
  assert.equal((await relay.api('GET', '/v1/accounts')).body.items.some((a: { name: string }) => a.name.startsWith('bad-')), false, 'nothing was created');
});

test('a marked update marks; a delete clears the marker of the object and of the children deleted with it', async () => {
  const server = (await relay.api('POST', '/v1/virtual-servers', { name: 'parent', port: 2703, enabled: false })).body;
  const rule = (await relay.api('POST', `/v1/virtual-servers/${server.id}/relay-rules`, { cidr: '192.0.2.0/24' }, terraform)).body;
  assert.equal(rule.managed_by, 'terraform');
  const updated = await relay.api('PUT', `/v1/virtual-servers/${server.id}`, { ...server, name: 'parent-2' }, terraform);
  assert.equal(updated.body.managed_by, 'terraform');
  const { store } = relay.handles();
  assert.equal((await store.managers('relay_rule', [rule.id])).get(rule.id), 'terraform');
  assert.equal((await relay.api('DELETE', `/v1/virtual-servers/${server.id}`)).status, 204);
  assert.deepEqual([...await store.managers('virtual_server', [server.id])], []);
  assert.deepEqual([...await store.managers('relay_rule', [rule.id])], [], 'the cascade cleared the child too');
});

test('the OpenAPI document shows managed_by read-only on every resource', async () => {
  const { schemas } = (await relay.api('GET', '/v1/openapi.json')).body.components;
  for (const name of ['VirtualServer', 'Operator', 'RelayRule', 'ConnectionRule', 'RemoteDomain', 'Account', 'Certificate', 'Directory']) {
    assert.equal(schemas[name].properties.managed_by.readOnly, true, name);
  }
});
