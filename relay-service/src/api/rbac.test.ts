// Roles over real HTTP: admin does everything; an operator only its virtual servers; access ends the moment it is removed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import { apiClient, type ApiCall } from '../../../test/support/api-client.ts';

let relay: TestRelay;
let a: string;
let b: string;
let opId: string;
let otherId: string;
let asOp: ApiCall;
const basicOp = { authorization: `Basic ${Buffer.from('CORP\\opa:op-secret-A').toString('base64')}` };

before(async () => {
  relay = await startTestRelay();
  a = (await relay.api('POST', '/v1/virtual-servers', { name: 'A', port: 2641 })).body.id;
  b = (await relay.api('POST', '/v1/virtual-servers', { name: 'B', port: 2642 })).body.id;
  opId = (await relay.api('POST', '/v1/accounts', { name: 'opa', domain: 'CORP', password_wo: 'op-secret-A' })).body.id;
  otherId = (await relay.api('POST', '/v1/accounts', { name: 'other', password_wo: 'other-secret' })).body.id;
  assert.equal((await relay.api('POST', `/v1/virtual-servers/${a}/operators`, { account_id: opId })).status, 201);
  const api = apiClient(relay.apiUrl, '');
  asOp = (method, path, body, headers = {}) => api(method, path, body, { ...basicOp, ...headers });
});
after(() => relay.dispose());

test('an operator of A reads and changes A and its children, and gets 403 on B, on creating servers and on admin resources', async () => {
  assert.equal((await asOp('GET', `/v1/virtual-servers/${a}`)).status, 200);
  assert.equal((await asOp('PATCH', `/v1/virtual-servers/${a}`, { name: 'A by operator' })).status, 200);
  assert.equal((await asOp('POST', `/v1/virtual-servers/${a}/relay-rules`, { cidr: '10.0.0.0/8' })).status, 201);
  assert.equal((await asOp('POST', `/v1/virtual-servers/${a}/operators`, { account_id: otherId })).status, 201);
  assert.deepEqual((await asOp('GET', '/v1/virtual-servers')).body.items.map((v: { id: string }) => v.id), [a]);
  for (const [method, path, body] of [
    ['GET', `/v1/virtual-servers/${b}`], ['PATCH', `/v1/virtual-servers/${b}`, { name: 'x' }], ['DELETE', `/v1/virtual-servers/${b}`],
    ['GET', `/v1/virtual-servers/${b}/relay-rules`], ['POST', `/v1/virtual-servers/${b}/relay-rules`, { cidr: '10.0.0.0/8' }],
    ['POST', '/v1/virtual-servers', { name: 'mine', port: 2643 }], ['DELETE', `/v1/virtual-servers/${a}`],
    ['POST', '/v1/accounts', { name: 'x', password_wo: 'y' }], ['GET', `/v1/accounts/${otherId}`], ['PATCH', `/v1/accounts/${opId}`, { domain: 'X' }],
    ['GET', '/v1/certificates'], ['GET', '/v1/audit-log'], ['GET', '/v1/queue'],
    ['GET', '/v1/dead-letters'], ['GET', '/v1/dead-letters/x'], ['GET', '/v1/dead-letters/x/message'], ['DELETE', '/v1/dead-letters/x'],
  ] as Array<[string, string, unknown?]>) {
    const response = await asOp(method, path, body);
    assert.equal(response.status, 403, `${method} ${path}: ${response.text}`);
    assert.equal(response.body.error.code, 'forbidden');
  }
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${b}`)).body.name, 'B', 'nothing changed on B');
  assert.deepEqual((await asOp('GET', '/v1/accounts')).body.items.map((x: { id: string }) => x.id), [opId]);
  assert.equal((await asOp('GET', `/v1/accounts/${opId}`)).status, 200);
  for (const user of ['opa', 'opa@CORP', 'corp\\OPA']) {
    const login = { authorization: `Basic ${Buffer.from(`${user}:op-secret-A`).toString('base64')}` };
    assert.equal((await asOp('GET', `/v1/accounts/${opId}`, undefined, login)).status, 200, user);
  }
  const audit = (await relay.api('GET', `/v1/audit-log?object_id=${a}`)).body.items;
  assert.equal(audit[0].actor, 'CORP\\opa');
  assert.equal(audit[0].after.name, 'A by operator');
});

test('tokens: an account issues one for itself; it works for the API and for XOAUTH2; not for another account', async () => {
  const issued = await asOp('POST', '/v1/tokens');
  assert.equal(issued.status, 201, issued.text);
  assert.ok(Date.parse(issued.body.expires_at) > Date.now());
  const asToken = apiClient(relay.apiUrl, issued.body.token);
  assert.equal((await asToken('GET', `/v1/virtual-servers/${a}`)).status, 200);
  assert.equal((await asToken('GET', `/v1/virtual-servers/${b}`)).status, 403);
  assert.deepEqual(await relay.handles().config.verifyBearerToken('CORP\\opa', issued.body.token), { account: { id: opId, name: 'opa', domain: 'CORP' } });
  assert.equal(await relay.handles().config.verifyBearerToken('other', issued.body.token), null);
  assert.equal((await asOp('POST', '/v1/tokens', { account_id: otherId })).status, 403);
  assert.equal((await relay.api('POST', '/v1/tokens', {})).body.error.details[0].path, '$.account_id');
  const forOther = await relay.api('POST', '/v1/tokens', { account_id: otherId, ttl_seconds: 120 });
  assert.equal(forOther.status, 201);
  assert.ok(Date.parse(forOther.body.expires_at) - Date.now() <= 120_000);
  assert.equal((await apiClient(relay.apiUrl, forOther.body.token)('GET', `/v1/accounts/${otherId}`)).status, 200);
});

test('a removed operator loses access at once, by password and by token; a deleted account\'s tokens stop working', async () => {
  const token = (await asOp('POST', '/v1/tokens')).body.token;
  const asToken = apiClient(relay.apiUrl, token);
  const operators = (await relay.api('GET', `/v1/virtual-servers/${a}/operators`)).body.items;
  for (const operator of operators) {
    assert.equal((await relay.api('DELETE', `/v1/virtual-servers/${a}/operators/${operator.id}`)).status, 204);
  }
  assert.equal((await asOp('GET', `/v1/virtual-servers/${a}`)).status, 403);
  assert.equal((await asToken('PATCH', `/v1/virtual-servers/${a}`, { name: 'late' })).status, 403);
  assert.deepEqual((await asOp('GET', '/v1/virtual-servers')).body.items, []);
  assert.equal((await relay.api('DELETE', `/v1/accounts/${opId}`)).status, 204);
  const gone = await asToken('GET', `/v1/accounts/${opId}`);
  assert.equal(gone.status, 401);
  assert.match(gone.headers.get('www-authenticate') ?? '', /Bearer/);
});

test('failed logins are rate-limited per client IP: 429 with Retry-After, even for good credentials', async (t) => {
  const limited = await startTestRelay();
  t.after(() => limited.dispose());
  for (let i = 0; i < 10; i++) {
    assert.equal((await limited.api('GET', '/v1/virtual-servers', undefined, { authorization: `Bearer wrong-${i}` })).status, 401);
  }
  const blocked = await limited.api('GET', '/v1/virtual-servers');
  assert.equal(blocked.status, 429);
  assert.equal(blocked.body.error.code, 'too_many_requests');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.equal((await limited.api('GET', '/healthz', undefined, { authorization: '' })).status, 200, 'public routes stay open');
});
