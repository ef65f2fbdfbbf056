// Virtual server CRUD over real HTTP: defaults, server-filled fields, PUT/PATCH semantics, ETag/If-Match, cascade.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { formats } from '@relayform/schema/formats.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

test('POST fills every default and server field; GET returns the same with the ETag; Location points at it', async () => {
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'edge', port: 2601 });
  assert.equal(created.status, 201);
  const vs = created.body;
  assert.match(vs.id, /^[A-Za-z0-9_-]{20}$/);
  assert.equal(created.headers.get('location'), `/v1/virtual-servers/${vs.id}`);
  assert.deepEqual(vs, {
    id: vs.id, name: 'edge', enabled: true, bind_address: '127.0.0.1', port: 2601, fqdn: formats['domain-name'].check(hostname()) ? hostname() : 'localhost', local_domains: [],
    drop_directory: join(relay.dataDir, 'drop', vs.id),
    limits: { max_message_size_kb: 10240, max_recipients_per_message: 100, max_connections: 100, max_messages_per_connection: 20, connection_timeout_seconds: 600, max_hop_count: 100, max_connections_per_ip: null },
    rate_limits: {
      messages_per_minute_per_client_ip: null, recipients_per_minute_per_client_ip: null, messages_per_minute_per_account: null,
      recipients_per_minute_per_account: null, messages_per_minute_per_sender_domain: null, recipients_per_minute_per_sender_domain: null,
    },
    authentication: {
      anonymous: true, basic: false, basic_default_domain: null, integrated: false, kerberos_keytab_path: null, kerberos_service_principal: null,
    },
    tls: { certificate_id: null, require_tls: false, require_128_bit: false },
    connection_control: { mode: 'all_except_listed' },
    relay_control: { mode: 'only_listed', allow_authenticated: true },
    delivery: {
      smart_host: null, smart_host_port: 25,
      outbound_security: {
        authentication: 'anonymous', username: null, password_wo_version: null, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: [], tls: false,
        token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
      },
      retry_intervals_minutes: [15, 30, 60, 240], expiration_hours: 48, delay_notification_hours: 12, masquerade_domain: null,
    },
    ndr: { send_copy_to: null },
    dead_letter: { retention_hours: 168, send_notice_to: null },
    // Reported, not stored: the listener has not been started when the create answers.
    listener_state: 'starting',
    // Reported, not stored: no tool named itself (Relayform-Managed-By) on a request for it.
    managed_by: null,
  });
  const read = await relay.api('GET', `/v1/virtual-servers/${vs.id}`);
  assert.equal(read.status, 200);
  assert.ok(['starting', 'listening'].includes(read.body.listener_state), read.body.listener_state);
  assert.deepEqual(read.body, { ...vs, listener_state: read.body.listener_state });
  assert.equal(read.headers.get('etag'), created.headers.get('etag'));
  const list = await relay.api('GET', '/v1/virtual-servers');
  assert.ok(list.body.items.some((item: { id: string }) => item.id === vs.id));
});

test('PUT replaces: omitted optional fields go back to defaults; PATCH merges; a no-op PUT keeps the ETag', async () => {
  const vs = (await relay.api('POST', '/v1/virtual-servers', {
    name: 'put', port: 2602, local_domains: ['corp.example'], limits: { max_connections: 5 }, delivery: { retry_intervals_minutes: [0.05, 1] },
  })).body;
  assert.equal(vs.limits.max_connections, 5);
  assert.equal(vs.limits.max_recipients_per_message, 100);
  assert.deepEqual(vs.delivery.retry_intervals_minutes, [0.05, 1]);
  const replaced = await relay.api('PUT', `/v1/virtual-servers/${vs.id}`, { name: 'put2', port: 2602 });
  assert.equal(replaced.status, 200);
  assert.equal(replaced.body.name, 'put2');
  assert.deepEqual(replaced.body.local_domains, []);
  assert.equal(replaced.body.limits.max_connections, 100);
  assert.equal(replaced.body.drop_directory, vs.drop_directory, 'server-filled fields are recomputed identically');
  const patched = await relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { relay_control: { mode: 'all_except_listed' }, ndr: { send_copy_to: 'pm@example.com' } });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body.relay_control, { mode: 'all_except_listed', allow_authenticated: true });
  assert.equal(patched.body.ndr.send_copy_to, 'pm@example.com');
  assert.equal(patched.body.name, 'put2');
  const again = await relay.api('PUT', `/v1/virtual-servers/${vs.id}`, patched.body);
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('etag'), patched.headers.get('etag'), 'no change, no new version');
});

test('If-Match: a stale ETag gets 412 and changes nothing; the current one works; * matches', async () => {
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'etag', port: 2603 });
  const id = created.body.id;
  const stale = created.headers.get('etag')!;
  const changed = await relay.api('PATCH', `/v1/virtual-servers/${id}`, { name: 'etag2' }, { 'if-match': stale });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get('etag'), stale);
  const conflict = await relay.api('PUT', `/v1/virtual-servers/${id}`, { name: 'etag3', port: 2603 }, { 'if-match': stale });
  assert.equal(conflict.status, 412);
  assert.equal(conflict.body.error.code, 'precondition_failed');
  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${id}`, { name: 'x' }, { 'if-match': stale })).status, 412);
  assert.equal((await relay.api('DELETE', `/v1/virtual-servers/${id}`, undefined, { 'if-match': stale })).status, 412);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${id}`)).body.name, 'etag2');
  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${id}`, { name: 'etag4' }, { 'if-match': '*' })).status, 200);
  const current = (await relay.api('GET', `/v1/virtual-servers/${id}`)).headers.get('etag')!;
  assert.equal((await relay.api('DELETE', `/v1/virtual-servers/${id}`, undefined, { 'if-match': current })).status, 204);
});

test('two servers cannot share address and port (409); unknown ids are 404', async () => {
  await relay.api('POST', '/v1/virtual-servers', { name: 'a', port: 2604 });
  const clash = await relay.api('POST', '/v1/virtual-servers', { name: 'b', port: 2604 });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'conflict');
  assert.equal((await relay.api('POST', '/v1/virtual-servers', { name: 'b', port: 2604, bind_address: '127.0.0.2' })).status, 201);
  for (const method of ['GET', 'DELETE']) assert.equal((await relay.api(method, '/v1/virtual-servers/nope')).status, 404);
  assert.equal((await relay.api('PUT', '/v1/virtual-servers/nope', { name: 'x', port: 1 })).body.error.code, 'not_found');
});

test('deleting a virtual server deletes its operators, rules and remote domains, one audit entry each', async () => {
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'cascade', port: 2605 })).body;
  const account = (await relay.api('POST', '/v1/accounts', { name: 'cascader', password_wo: 'pw-cascade' })).body;
  const base = `/v1/virtual-servers/${vs.id}`;
  const children = [
    await relay.api('POST', `${base}/operators`, { account_id: account.id }),
    await relay.api('POST', `${base}/connection-rules`, { cidr: '10.0.0.0/8' }),
    await relay.api('POST', `${base}/relay-rules`, { ip_address: '192.0.2.1' }),
    await relay.api('POST', `${base}/remote-domains`, { name: '*.example.net' }),
  ].map((r) => (assert.equal(r.status, 201, r.text), r.body.id));
  assert.equal((await relay.api('DELETE', base)).status, 204);
  assert.equal((await relay.api('GET', base)).status, 404);
  assert.equal((await relay.api('GET', `${base}/operators`)).status, 404);
  for (const id of [...children, vs.id]) {
    const entries = (await relay.api('GET', `/v1/audit-log?object_id=${id}`)).body.items;
    assert.deepEqual(entries.map((e: { action: string }) => e.action), ['delete', 'create'], `audit of ${id}`);
  }
  assert.equal((await relay.api('GET', `/v1/accounts/${account.id}`)).status, 200, 'the account itself stays');
});
