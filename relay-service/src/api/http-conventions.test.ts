// HTTP conventions of the management API (415, 413, 400, 401, 404, 422 on queries), health, metrics, queue and relay check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

test('JSON only: 415 for another content type, 400 invalid_json, 413 over 1 MiB; errors have the documented shape', async () => {
  const wrongType = await relay.api('POST', '/v1/accounts', 'name=x', { 'content-type': 'text/plain' });
  assert.equal(wrongType.status, 415);
  assert.equal(wrongType.body.error.code, 'unsupported_media_type');
  const badJson = await relay.api('POST', '/v1/accounts', '{"name": ', {});
  assert.equal(badJson.status, 400);
  assert.deepEqual(badJson.body, { error: { code: 'invalid_json', message: 'The request body is not valid JSON.', details: [] } });
  const big = await relay.api('POST', '/v1/accounts', { name: 'x', password_wo: 'p'.repeat(1_100_000) });
  assert.equal(big.status, 413);
  assert.equal(big.body.error.code, 'payload_too_large');
  assert.equal((await relay.api('GET', '/v1/accounts')).body.items.length, 0, 'nothing was created');
});

test('401 without or with bad credentials (WWW-Authenticate), 404 for unknown routes', async () => {
  const none = await relay.api('GET', '/v1/virtual-servers', undefined, { authorization: '' });
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'unauthenticated');
  assert.match(none.headers.get('www-authenticate')!, /Basic/);
  assert.equal((await relay.api('GET', '/v1/virtual-servers', undefined, { authorization: 'Basic !!!' })).status, 401);
  const unknown = await relay.api('GET', '/v1/nothing-here');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
});

test('/healthz and /metrics are public; metrics are Prometheus text with process and API counters', async () => {
  assert.deepEqual((await relay.api('GET', '/healthz', undefined, { authorization: '' })).body, { status: 'ok' });
  const metrics = await relay.api('GET', '/metrics', undefined, { authorization: '' });
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type')!, /^text\/plain/);
  assert.match(metrics.text, /^# TYPE process_cpu_user_seconds_total counter$/m);
  assert.match(metrics.text, /smtp_relay_api_requests_total\{method="get",route="\/healthz",status="200"\} \d+/);
});

test('queue routes list, read, retry and delete real queued messages; bad query parameters are 422', async () => {
  const queue = relay.handles().queue;
  const id = await queue.enqueue({ virtual_server_id: 'vs1', sender: 'a@example.com', recipients: ['b@example.net'], client_ip: '127.0.0.1', authenticated_as: null }, Buffer.from('Subject: hi\r\n\r\nbody\r\n'));
  // Held under another node's lease, so the relay's delivery worker cannot attempt (and bounce) it meanwhile.
  await queue.claimDue('test-holder', new Date(), 1, 600_000);
  const list = await relay.api('GET', '/v1/queue?virtual_server_id=vs1&state=fresh');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((m: { id: string }) => m.id), [id]);
  assert.deepEqual((await relay.api('GET', '/v1/queue?virtual_server_id=other')).body.items, []);
  const one = await relay.api('GET', `/v1/queue/${id}`);
  assert.equal(one.body.sender, 'a@example.com');
  assert.equal(one.body.recipients[0].status, 'pending');
  assert.equal((await relay.api('POST', `/v1/queue/${id}/retry`)).status, 202);
  assert.equal((await relay.api('DELETE', `/v1/queue/${id}`)).status, 204);
  assert.equal((await relay.api('GET', `/v1/queue/${id}`)).status, 404);
  assert.equal((await relay.api('POST', `/v1/queue/${id}/retry`)).status, 404);
  const bad = await relay.api('GET', '/v1/queue?limit=0&state=lost');
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path), ['$.state', '$.limit']);
});

test('relay check evaluates the live policy: local domains, relay rules, authenticated clients, connection rules', async () => {
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'policy', port: 2661, local_domains: ['corp.example'] })).body;
  await relay.api('POST', `/v1/virtual-servers/${vs.id}/relay-rules`, { cidr: '10.0.0.0/8' });
  await relay.api('POST', `/v1/virtual-servers/${vs.id}/connection-rules`, { ip_address: '198.51.100.7' });
  const check = async (client_ip: string, recipient: string, authenticated_as: string | null = null) =>
    (await relay.api('POST', '/v1/relay-check', { virtual_server_id: vs.id, client_ip, authenticated_as, sender: 's@corp.example', recipient })).body;
  assert.equal((await check('203.0.113.5', 'user@corp.example')).decision, 'accept');
  const { reason, ...rejected } = await check('203.0.113.5', 'user@elsewhere.example');
  assert.deepEqual(rejected, { decision: 'reject', smtp_code: 550, enhanced_status: '5.7.1' });
  assert.match(reason, /relay/i);
  assert.equal((await check('10.1.2.3', 'user@elsewhere.example')).decision, 'accept');
  assert.equal((await check('203.0.113.5', 'user@elsewhere.example', 'CORP\\alice')).decision, 'accept');
  const refused = await check('198.51.100.7', 'user@corp.example');
  assert.equal(refused.smtp_code, 554);
  const invalid = await relay.api('POST', '/v1/relay-check', { virtual_server_id: 'nope', client_ip: 'x', sender: '', recipient: 'a@b.c' });
  assert.deepEqual(invalid.body.error.details.map((d: { path: string }) => d.path), ['$.client_ip']);
  const missing = await relay.api('POST', '/v1/relay-check', { virtual_server_id: 'nope', client_ip: '127.0.0.1', sender: '', recipient: 'a@b.c' });
  assert.equal(missing.body.error.details[0].path, '$.virtual_server_id');
});
