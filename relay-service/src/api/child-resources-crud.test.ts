// CRUD of a virtual server's children (operators, connection rules, relay rules, remote domains) and their integrity rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
let base: string;
let accountId: string;
before(async () => {
  relay = await startTestRelay();
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'parent', port: 2611 })).body;
  base = `/v1/virtual-servers/${vs.id}`;
  accountId = (await relay.api('POST', '/v1/accounts', { name: 'op', domain: 'CORP', password_wo: 'op-password-1' })).body.id;
});
after(() => relay.dispose());

const cases: Array<{ path: string; create: Record<string, unknown>; change: Record<string, unknown>; expected: Record<string, unknown> }> = [
  {
    path: 'connection-rules', create: { ip_address: '192.0.2.0', subnet_mask: '255.255.255.0', description: 'lab' }, change: { cidr: '2001:db8::/32' },
    expected: { ip_address: '192.0.2.0', subnet_mask: '255.255.255.0', cidr: null, domain: null, description: 'lab' },
  },
  {
    path: 'relay-rules', create: { domain: 'mail.example.com' }, change: { cidr: '10.1.0.0/16' },
    expected: { ip_address: null, subnet_mask: null, cidr: null, domain: 'mail.example.com', description: '' },
  },
  {
    path: 'remote-domains', create: { name: 'partner.example' }, change: { name: '*.partner.example', require_tls: true },
    expected: {
      name: 'partner.example', smart_host: null, smart_host_port: 25, require_tls: false, allow_incoming_relay: false,
      outbound_security: {
        authentication: 'anonymous', username: null, password_wo_version: null, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: [], tls: false,
        token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
      },
    },
  },
];

for (const { path, create, change, expected } of cases) {
  test(`${path}: create with defaults, read, list, replace, patch, delete`, async () => {
    const created = await relay.api('POST', `${base}/${path}`, create);
    assert.equal(created.status, 201, created.text);
    const { id } = created.body;
    assert.deepEqual(created.body, { id, virtual_server_id: base.split('/').pop(), ...expected, managed_by: null });
    assert.equal(created.headers.get('location'), `${base}/${path}/${id}`);
    assert.deepEqual((await relay.api('GET', `${base}/${path}/${id}`)).body, created.body);
    assert.deepEqual((await relay.api('GET', `${base}/${path}`)).body.items.map((i: { id: string }) => i.id), [id]);
    const replaced = await relay.api('PUT', `${base}/${path}/${id}`, change);
    assert.equal(replaced.status, 200, replaced.text);
    for (const [key, value] of Object.entries(change)) assert.deepEqual(replaced.body[key], value);
    const patched = await relay.api('PATCH', `${base}/${path}/${id}`, { description: 'patched' });
    if (path === 'remote-domains') assert.equal(patched.status, 422, 'remote domains have no description');
    else assert.equal(patched.body.description, 'patched');
    assert.equal((await relay.api('DELETE', `${base}/${path}/${id}`)).status, 204);
    assert.equal((await relay.api('GET', `${base}/${path}/${id}`)).status, 404);
  });
}

test('operators: create, read, list, delete; missing account is 422 at $.account_id; duplicates 409', async () => {
  const created = await relay.api('POST', `${base}/operators`, { account_id: accountId });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { id: created.body.id, virtual_server_id: base.split('/').pop(), account_id: accountId, managed_by: null });
  assert.equal((await relay.api('POST', `${base}/operators`, { account_id: accountId })).status, 409);
  const missing = await relay.api('POST', `${base}/operators`, { account_id: 'no-such-account' });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.details[0].path, '$.account_id');
  const inUse = await relay.api('DELETE', `/v1/accounts/${accountId}`);
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.error.message, new RegExp(created.body.id));
  assert.equal((await relay.api('GET', `${base}/operators/${created.body.id}`)).body.account_id, accountId);
  assert.equal((await relay.api('DELETE', `${base}/operators/${created.body.id}`)).status, 204);
  assert.equal((await relay.api('GET', `${base}/operators`)).body.items.length, 0);
});

test('a missing parent virtual server is 404 on every nested route', async () => {
  for (const path of ['operators', 'connection-rules', 'relay-rules', 'remote-domains']) {
    const list = await relay.api('GET', `/v1/virtual-servers/missing/${path}`);
    assert.equal(list.status, 404);
    assert.equal(list.body.error.code, 'not_found');
    assert.equal((await relay.api('POST', `/v1/virtual-servers/missing/${path}`, { cidr: '10.0.0.0/8' })).status, 404);
  }
});

test('virtual_server_id of a child is immutable (422 with the path); a child is not reachable through another server', async () => {
  const rule = (await relay.api('POST', `${base}/relay-rules`, { cidr: '10.9.0.0/16' })).body;
  const moved = await relay.api('PATCH', `${base}/relay-rules/${rule.id}`, { virtual_server_id: 'elsewhere' });
  assert.equal(moved.status, 422);
  assert.deepEqual(moved.body.error.details, [{ path: '$.virtual_server_id', message: 'is immutable' }]);
  const other = (await relay.api('POST', '/v1/virtual-servers', { name: 'other', port: 2612 })).body;
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${other.id}/relay-rules/${rule.id}`)).status, 404);
  const wrongParent = await relay.api('POST', `${base}/relay-rules`, { cidr: '10.0.0.0/8', virtual_server_id: other.id });
  assert.equal(wrongParent.status, 422);
  assert.equal(wrongParent.body.error.details[0].message, 'must match the virtual server in the path');
});

test('remote domain names are unique per virtual server (409 already_exists naming the existing id, to adopt it)', async () => {
  const first = await relay.api('POST', `${base}/remote-domains`, { name: 'dup.example' });
  assert.equal(first.status, 201);
  const again = await relay.api('POST', `${base}/remote-domains`, { name: 'DUP.example' });
  assert.equal(again.status, 409);
  assert.deepEqual(again.body.error, {
    code: 'already_exists', message: `Remote domain dup.example already exists on this virtual server (id ${first.body.id}).`,
    details: [{ path: '$.name', message: `is already taken by ${first.body.id}` }], existing_id: first.body.id,
  });
});

test('Idempotency-Key: a create sent again returns the first object; other keys and other callers create their own; a bad key is 400', async () => {
  const rules = async () => (await relay.api('GET', `${base}/relay-rules`)).body.items as Array<{ id: string }>;
  const before = (await rules()).length;
  const send = (key: string, headers: Record<string, string> = {}) => relay.api('POST', `${base}/relay-rules`, { cidr: '10.77.0.0/16' }, { 'idempotency-key': key, ...headers });
  const first = await send('apply-1/rule-a');
  assert.equal(first.status, 201, first.text);
  const again = await send('apply-1/rule-a');
  assert.equal(again.status, 201);
  assert.equal(again.body.id, first.body.id, 'the same object');
  assert.equal(again.headers.get('etag'), first.headers.get('etag'));
  assert.equal((await rules()).length, before + 1, 'created once');
  const audit = (await relay.api('GET', `/v1/audit-log?object_id=${first.body.id}`)).body.items as Array<{ action: string }>;
  assert.deepEqual(audit.map((a) => a.action), ['create'], 'one audit entry');

  const other = await send('apply-1/rule-b');
  assert.notEqual(other.body.id, first.body.id, 'another key is another create');
  const token = (await relay.api('POST', '/v1/tokens', { account_id: accountId, ttl_seconds: 600 })).body.token as string;
  await relay.api('POST', `${base}/operators`, { account_id: accountId });
  const byOperator = await send('apply-1/rule-a', { authorization: `Bearer ${token}` });
  assert.equal(byOperator.status, 201, byOperator.text);
  assert.notEqual(byOperator.body.id, first.body.id, "another caller's key never names the admin's object");
  assert.equal((await rules()).length, before + 3);

  const bad = await send('has space');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].path, 'header.Idempotency-Key');
  assert.equal((await rules()).length, before + 3, 'nothing created by the bad request');
});

test('a rule matching wider than written is stored as written, with a Warning: 299 header on create, replace and patch', async () => {
  const created = await relay.api('POST', `${base}/connection-rules`, { cidr: '10.0.0.1/8' });
  assert.equal(created.status, 201, 'accepted: configurations that already hold such rules keep applying');
  assert.equal(created.body.cidr, '10.0.0.1/8');
  assert.equal(created.headers.get('warning'),
    '299 - "$.cidr has host bits set: 10.0.0.1/8 matches every address in 10.0.0.0/8; write 10.0.0.0/8 if the whole network is meant, or 10.0.0.1/32 for the one address"');
  assert.equal((await relay.api('GET', `${base}/connection-rules/${created.body.id}`)).body.cidr, '10.0.0.1/8');
  const fixed = await relay.api('PUT', `${base}/connection-rules/${created.body.id}`, { cidr: '10.0.0.0/8' });
  assert.equal(fixed.status, 200);
  assert.equal(fixed.headers.get('warning'), null, 'no warning for the network address');

  const open = await relay.api('POST', `${base}/relay-rules`, { cidr: '::/0' });
  assert.equal(open.status, 201);
  assert.match(open.headers.get('warning') ?? '', /^299 - "\$\.cidr matches every IPv6 address \(::\/0\): with relay_control\.mode \\"only_listed\\" \(the default\) this makes the server an open relay/);
  const patched = await relay.api('PATCH', `${base}/relay-rules/${open.body.id}`, { cidr: null, ip_address: '0.0.0.0', subnet_mask: '0.0.0.0' });
  assert.equal(patched.status, 200, patched.text);
  assert.match(patched.headers.get('warning') ?? '', /^299 - "\$\.ip_address matches every IPv4 address/);
  for (const [path, id] of [['connection-rules', created.body.id], ['relay-rules', open.body.id]]) assert.equal((await relay.api('DELETE', `${base}/${path}/${id}`)).status, 204);
});
