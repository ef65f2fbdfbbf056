// Management API against hostile input: schema violations, huge bodies, wrong content types, path traversal and
// SQL-ish ids, bad/expired/revoked/other-tenant credentials. Each gets a 4xx JSON error (naming the JSON path where
// one applies) and the store is byte-for-byte unchanged, read through the API and from the SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestRelay } from '../support/test-relay.ts';
import { hostileRelay } from './hostile-relay.ts';
import { rawRequest, type RawRequest } from './raw-http.ts';
import { apiDump, sqliteDump } from './store-dump.ts';

interface Case {
  name: string;
  request: RawRequest;
  /** Allowed statuses (all 4xx). */
  status: number[];
  /** A JSON path some detail must name. */
  path?: string;
}

const json = (value: unknown) => JSON.stringify(value);

test('hostile API requests get a 4xx naming the problem and change nothing in the store', { timeout: 120_000 }, async (t) => {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const h = await hostileRelay(t, relay);
  const admin = `Bearer ${h.relay.token}`;
  const a = await h.createServer({ local_domains: ['a.example'] });
  const b = await h.createServer();
  const account = async (name: string) => (await h.expect(201, 'POST', '/v1/accounts', { name, domain: 'CORP', password_wo: `${name}-password-1`, password_wo_version: 1 })).body.id as string;
  const [alice, bob, carol] = [await account('alice'), await account('bob'), await account('carol')];
  await h.expect(201, 'POST', `/v1/virtual-servers/${a.id}/operators`, { account_id: alice });
  const bobOperator = (await h.expect(201, 'POST', `/v1/virtual-servers/${b.id}/operators`, { account_id: bob })).body.id as string;
  const rule = (await h.expect(201, 'POST', `/v1/virtual-servers/${a.id}/relay-rules`, { cidr: '10.0.0.0/8' })).body.id as string;
  await h.expect(201, 'POST', `/v1/virtual-servers/${a.id}/connection-rules`, { ip_address: '192.0.2.1' });
  await h.expect(201, 'POST', `/v1/virtual-servers/${a.id}/remote-domains`, { name: '*.partner.example' });
  await h.expect(201, 'POST', '/v1/certificates', { name: 'a', common_name: 'mail.a.example', key_algorithm: 'ECDSA_P256' });
  const token = async (id: string) => (await h.expect(201, 'POST', '/v1/tokens', { account_id: id })).body.token as string;
  const [aliceToken, bobToken, carolToken] = [await token(alice), await token(bob), await token(carol)];
  await h.expect(204, 'DELETE', `/v1/accounts/${carol}`); // revokes carol's token
  // An expired token of alice's: the API cannot issue one that is already past its expiry, so it goes into the store here.
  const expired = `srt_${randomBytes(32).toString('base64url')}`;
  const db = new Database(join(h.relay.dataDir, 'config.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.prepare('INSERT INTO api_tokens (hash, account_id, expires_at) VALUES (?, ?, ?)')
    .run(createHash('sha256').update(expired).digest('hex'), alice, new Date(Date.now() - 60_000).toISOString());
  db.close();
  // Positive controls: these credentials work where they are entitled, so their refusals below mean something.
  assert.equal((await h.relay.api('GET', `/v1/virtual-servers/${a.id}`, undefined, { authorization: `Bearer ${aliceToken}` })).status, 200);
  assert.equal((await h.relay.api('GET', `/v1/virtual-servers/${b.id}`, undefined, { authorization: `Bearer ${bobToken}` })).status, 200);

  const before = { api: await apiDump(h), sqlite: sqliteDump(h.relay.dataDir) };
  let source = 0;
  /** A fresh loopback source per request, so the login limiter of one case does not decide another. */
  const from = () => `127.0.2.${(source++ % 250) + 1}`;
  const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, extra: Partial<RawRequest> = {}): RawRequest => ({
    method, path, localAddress: from(),
    ...(body === undefined ? {} : { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : json(body) }),
    headers: { authorization: admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...extra,
  });
  const vs = '/v1/virtual-servers';
  const cases: Case[] = [];
  const add = (name: string, request: RawRequest, status: number | number[], path?: string) =>
    cases.push({ name, request, status: [status].flat(), ...(path ? { path } : {}) });

  // Schema violations.
  add('empty server', req('POST', vs, {}), 422, '$.name');
  add('port out of range', req('POST', vs, { name: 'x', port: 70000 }), 422, '$.port');
  add('port as string', req('POST', vs, { name: 'x', port: '2600' }), 422, '$.port');
  add('negative limit', req('POST', vs, { name: 'x', port: 2601, limits: { max_connections: -1 } }), 422, '$.limits.max_connections');
  add('unknown member', req('POST', vs, { name: 'x', port: 2602, unknown: 1 }), 422, '$.unknown');
  add('__proto__ member', req('POST', vs, '{"name":"x","port":2603,"__proto__":{"admin":true}}'), 422, '$.__proto__');
  add('array body', req('POST', vs, []), 422, '$');
  add('string body', req('POST', vs, '"server"'), [400, 422]);
  add('null body', req('POST', vs, 'null'), [400, 422]);
  add('invalid JSON', req('POST', vs, '{"name": "x", "port": 2604,'), 400);
  add('raw NUL in JSON', req('POST', vs, '{"name":"x\u0000","port":2605}'), 400);
  add('escaped NUL in JSON', req('POST', vs, '{"name":"x","port":2605,"bind_address":"127.0.0.1\\u0000"}'), 422, '$.bind_address');
  add('NUL in drop_directory', req('POST', vs, '{"name":"x","port":2605,"drop_directory":"/tmp/x\\u0000y"}'), 422, '$.drop_directory');
  add('bad fqdn', req('POST', vs, { name: 'x', port: 2606, fqdn: 'a..b' }), 422, '$.fqdn');
  add('shell in bind_address', req('POST', vs, { name: 'x', port: 2607, bind_address: '0.0.0.0; rm -rf /' }), 422, '$.bind_address');
  add('SQL in local_domains', req('POST', vs, { name: 'x', port: 2608, local_domains: ["a.example' OR '1'='1"] }), 422, '$.local_domains[0]');
  add('relative drop_directory', req('POST', vs, { name: 'x', port: 2609, drop_directory: '../../../../tmp/evil' }), 422, '$.drop_directory');
  add('drop_directory climbing', req('POST', vs, { name: 'x', port: 2610, drop_directory: '/var/lib/relay/../../../etc' }), 422, '$.drop_directory');
  add('deep nesting', req('POST', vs, `${'['.repeat(50_000)}${']'.repeat(50_000)}`), [400, 422]);
  add('deeply nested patch', req('PATCH', `${vs}/${a.id}`, `${'{"limits":'.repeat(20_000)}1${'}'.repeat(20_000)}`), [400, 422]);
  add('patch __proto__', req('PATCH', `${vs}/${a.id}`, '{"__proto__":{"polluted":true}}'), 422, '$.__proto__');
  add('patch constructor.prototype', req('PATCH', `${vs}/${a.id}`, '{"constructor":{"prototype":{"polluted":true}}}'), 422, '$.constructor');
  add('patch with array', req('PATCH', `${vs}/${a.id}`, [1, 2]), 422, '$');
  add('patch id', req('PATCH', `${vs}/${a.id}`, { id: 'other' }), 422, '$.id');
  add('patch bad enum', req('PATCH', `${vs}/${a.id}`, { relay_control: { mode: "all'; DROP TABLE config_objects; --" } }), 422, '$.relay_control.mode');
  add('patch port clash', req('PATCH', `${vs}/${a.id}`, { port: b.port }), 409);
  add('put missing port', req('PUT', `${vs}/${a.id}`, { name: 'x' }), 422, '$.port');
  add('stale If-Match', req('PATCH', `${vs}/${a.id}`, { enabled: false }, { 'if-match': '"0"' }), 412);
  add('account name with backslash', req('POST', '/v1/accounts', { name: 'a\\b', password_wo: 'x' }), 422, '$.name');
  add('account SQL name', req('POST', '/v1/accounts', { name: "x' OR 1=1 --", password_wo: 'x' }), 422, '$.name');
  add('account empty password', req('POST', '/v1/accounts', { name: 'dave', password_wo: '' }), 422, '$.password_wo');
  add('account huge password', req('POST', '/v1/accounts', { name: 'dave', password_wo: 'p'.repeat(5000) }), 422, '$.password_wo');
  add('rule with two forms', req('POST', `${vs}/${a.id}/relay-rules`, { ip_address: '10.0.0.1', cidr: '10.0.0.0/8' }), 422);
  add('rule SQL cidr', req('POST', `${vs}/${a.id}/relay-rules`, { cidr: "10.0.0.0/8' OR '1'='1" }), 422, '$.cidr');
  add('rule for another server id', req('POST', `${vs}/${a.id}/relay-rules`, { cidr: '10.0.0.0/8', virtual_server_id: b.id }), 422, '$.virtual_server_id');
  add('operator of a missing account', req('POST', `${vs}/${a.id}/operators`, { account_id: "' OR '1'='1" }), 422, '$.account_id');
  add('certificate bad PEM', req('POST', '/v1/certificates', { name: 'x', certificate_pem: 'garbage', private_key_pem_wo: 'garbage' }), 422);
  add('token for SQL account', req('POST', '/v1/tokens', { account_id: "' OR 1=1 --" }), 422, '$.account_id');
  add('token ttl too long', req('POST', '/v1/tokens', { account_id: alice, ttl_seconds: 1e12 }), 422, '$.ttl_seconds');
  add('relay-check SQL id', req('POST', '/v1/relay-check', { virtual_server_id: "x' OR '1'='1", client_ip: '1.2.3.4', sender: '', recipient: 'a@b.example' }), 422, '$.virtual_server_id');
  add('relay-check bad ip', req('POST', '/v1/relay-check', { virtual_server_id: a.id, client_ip: '999.1.1.1', sender: '', recipient: 'a@b.example' }), 422, '$.client_ip');
  add('queue limit negative', req('GET', '/v1/queue?limit=-1'), 422, '$.limit');
  add('queue limit SQL', req('GET', '/v1/queue?limit=1;DROP%20TABLE%20queue'), 422, '$.limit');
  add('queue state', req('GET', "/v1/queue?state=fresh'--"), 422, '$.state');

  // Size and media type.
  const huge = json({ name: 'x', port: 2611, pad: 'a'.repeat(2 * 1024 * 1024) });
  add('2 MB body', req('POST', vs, huge), 413);
  add('2 MB chunked body', req('POST', vs, huge, {}, { chunked: true }), 413);
  add('2 MB patch', req('PATCH', `${vs}/${a.id}`, huge), 413);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application/json; charset=latin1']) {
    add(`content type ${type}`, req('POST', vs, json({ name: 'x', port: 2612 }), { 'content-type': type }), 415);
  }
  add('no content type', { ...req('POST', vs, json({ name: 'x', port: 2613 })), headers: { authorization: admin } }, 415);

  // Path traversal and SQL-ish ids.
  for (const id of ['..', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%2e%2e%2f%2e%2e%2fadmin-token', '..%5c..%5csecret.key', '%252e%252e%252f', '%00',
    "'%20OR%20'1'%3D'1", '1%20OR%201%3D1', `${a.id}%2f..%2f${b.id}`, 'x'.repeat(4000)]) {
    add(`GET account ${id.slice(0, 40)}`, req('GET', `/v1/accounts/${id}`), [400, 404, 414]);
    add(`PATCH server ${id.slice(0, 40)}`, req('PATCH', `${vs}/${id}`, { enabled: false }), [400, 404, 414]);
    add(`DELETE rule ${id.slice(0, 40)}`, req('DELETE', `${vs}/${a.id}/relay-rules/${id}`), [400, 404, 414]);
    add(`DELETE queue ${id.slice(0, 40)}`, req('DELETE', `/v1/queue/${id}`), [400, 404, 414]);
  }
  add('literal ../ in the path', req('GET', `${vs}/${a.id}/../../accounts`), [400, 404]);
  add('nested child through another server', req('DELETE', `${vs}/${b.id}/relay-rules/${rule}`), 404);
  add('operator through another server', req('DELETE', `${vs}/${a.id}/operators/${bobOperator}`), 404);

  // Credentials: none, garbage, expired, revoked, another tenant's.
  const as = (authorization: string | null): Record<string, string> => (authorization === null ? {} : { authorization });
  const patchA = (authorization: string | null) => ({ ...req('PATCH', `${vs}/${a.id}`, { enabled: false }), headers: { 'content-type': 'application/json', ...as(authorization) } });
  add('no credentials', patchA(null), 401);
  for (const bad of ['Bearer', 'Bearer ', 'Bearer garbage', `Bearer ${h.relay.token}x`, `Bearer ${h.relay.token.toUpperCase()}`, `bearer  ${'A'.repeat(10_000)}`,
    'Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, `Basic ${Buffer.from('CORP\\alice:wrong').toString('base64')}`,
    `Basic ${Buffer.from("' OR '1'='1:' OR '1'='1").toString('base64')}`, `Basic ${Buffer.from('CORP\\carol:carol-password-1').toString('base64')}`,
    'Digest username="admin"', `Token ${h.relay.token}`, `Bearer ${expired}`, `Bearer ${carolToken}`]) {
    add(`bad credentials ${bad.slice(0, 30)}`, patchA(bad), 401);
  }
  const bobAuth = { authorization: `Bearer ${bobToken}` };
  const bobBasic = { authorization: `Basic ${Buffer.from('CORP\\bob:bob-password-1').toString('base64')}` };
  for (const [label, headers] of [['token', bobAuth], ['basic', bobBasic]] as const) {
    add(`other tenant (${label}) patches A`, req('PATCH', `${vs}/${a.id}`, { enabled: false }, headers), 403);
    add(`other tenant (${label}) deletes A`, req('DELETE', `${vs}/${a.id}`, undefined, headers), 403);
    add(`other tenant (${label}) adds itself to A`, req('POST', `${vs}/${a.id}/operators`, { account_id: bob }, headers), 403);
    add(`other tenant (${label}) reads A's rules`, req('GET', `${vs}/${a.id}/relay-rules`, undefined, headers), 403);
    add(`other tenant (${label}) deletes A's rule`, req('DELETE', `${vs}/${a.id}/relay-rules/${rule}`, undefined, headers), 403);
    add(`other tenant (${label}) reads alice`, req('GET', `/v1/accounts/${alice}`, undefined, headers), 403);
    add(`other tenant (${label}) changes alice's password`, req('PATCH', `/v1/accounts/${alice}`, { password_wo: 'owned', password_wo_version: 2 }, headers), 403);
    add(`other tenant (${label}) token for alice`, req('POST', '/v1/tokens', { account_id: alice }, headers), 403);
    add(`other tenant (${label}) relay-check on A`, req('POST', '/v1/relay-check', { virtual_server_id: a.id, client_ip: '1.2.3.4', sender: '', recipient: 'x@y.example' }, headers), 403);
    add(`other tenant (${label}) audit log`, req('GET', '/v1/audit-log', undefined, headers), 403);
    add(`other tenant (${label}) queue`, req('GET', '/v1/queue', undefined, headers), 403);
    add(`other tenant (${label}) creates a server`, req('POST', vs, { name: 'x', port: 2614 }, headers), 403);
    add(`operator (${label}) moves its drop directory`, req('PATCH', `${vs}/${b.id}`, { drop_directory: '/tmp/elsewhere' }, headers), 403, '$.drop_directory');
  }

  const problems: string[] = [];
  for (const c of cases) {
    const response = await rawRequest(h.relay.apiUrl, c.request);
    const error = response.json?.error;
    if (!c.status.includes(response.status)) problems.push(`${c.name}: HTTP ${response.status} (expected ${c.status.join('/')}) ${response.text.slice(0, 200)}`);
    else if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || !Array.isArray(error?.details)) problems.push(`${c.name}: not the error body: ${response.text.slice(0, 200)}`);
    else if (c.path && !error.details.some((d: { path: string }) => d.path === c.path)) problems.push(`${c.name}: no detail names ${c.path}: ${response.text.slice(0, 300)}`);
    if (/\.ts:\d+|at [\w.]+ \(/.test(response.text)) problems.push(`${c.name}: the body shows a stack trace`);
  }

  // The login limiter: one address that keeps failing is shut out (429 + Retry-After), even with good credentials.
  const limited = '127.0.3.1';
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await rawRequest(h.relay.apiUrl, { ...patchA(`Bearer wrong-${i}`), localAddress: limited })).status);
  const locked = await rawRequest(h.relay.apiUrl, { ...patchA(admin), localAddress: limited });
  cases.push({ name: 'limiter', request: patchA(null), status: [429] });
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual([...statuses.slice(10), locked.status], [429, 429, 429], 'the address is locked out, even for the admin token');
  assert.match(String(locked.headers['retry-after']), /^\d+$/);

  // And per account: guesses of alice's password from 20 addresses lock alice's Basic logins from everywhere, nothing else.
  const aliceBasic = (password: string) => `Basic ${Buffer.from(`CORP\\alice:${password}`).toString('base64')}`;
  // (One wrong alice password was among the bad credentials above: 19 more reach the limit of 20.)
  for (let i = 0; i < 19; i++) assert.equal((await rawRequest(h.relay.apiUrl, { ...patchA(aliceBasic(`guess-${i}`)), localAddress: `127.0.4.${i + 1}` })).status, 401);
  const aliceLocked = await rawRequest(h.relay.apiUrl, { method: 'GET', path: `${vs}/${a.id}`, headers: { authorization: aliceBasic('alice-password-1') }, localAddress: '127.0.4.100' });
  assert.equal(aliceLocked.status, 429, 'the account is locked out, even with its password');
  const viaToken = await rawRequest(h.relay.apiUrl, { method: 'GET', path: `${vs}/${a.id}`, headers: { authorization: `Bearer ${aliceToken}` }, localAddress: '127.0.4.100' });
  assert.equal(viaToken.status, 200, 'neither the address nor the issued token of the account is locked');

  t.diagnostic(`API hostile cases: ${cases.length + 12 + 21}`);
  assert.deepEqual(problems, []);
  const after = { api: await apiDump(h), sqlite: sqliteDump(h.relay.dataDir) };
  assert.deepEqual(after, before, 'the store is unchanged');
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  assert.equal((await h.relay.api('GET', `${vs}/${a.id}`)).body.enabled, true);
});
