// Tests the API client against a real HTTP server on loopback: If-Match, 404 handling, bounded retries, keep-alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from '../../../test/support/free-port.ts';
import { createLogger } from '../plugin/logger.ts';
import { ApiClient, type ClientContext } from './api-client.ts';
import { ApiError } from './api-error.ts';
import type { ClientSettings } from './client-settings.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(t: { after(fn: () => unknown): void }, handler: Handler, options: { settings?: Partial<ClientSettings>; context?: ClientContext } = {}) {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string; socket: number }> = [];
  const sockets = new Map<object, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, socket: sockets.get(req.socket)! });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client = new ApiClient({ ...settings(`http://127.0.0.1:${port}`), ...options.settings }, options.context);
  t.after(() => { client.close(); server.closeAllConnections(); server.close(); });
  return { client, seen };
}

const settings = (endpoint: string): ClientSettings =>
  ({ endpoint, credentials: { token: 'test-token' }, timeoutMs: 5000, retry: { maxAttempts: 3, initialBackoffMs: 10 } });

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

test('create and replace send JSON, the token and If-Match; the ETag comes back', async (t) => {
  const { client, seen } = await serve(t, (req, _body, res) => json(res, req.method === 'POST' ? 201 : 200, { id: 'a1', name: 'x' }, { etag: '"v2"' }));
  const created = await client.create('/v1/accounts', { name: 'x' }, { what: 'creating' });
  assert.deepEqual(created, { body: { id: 'a1', name: 'x' }, etag: '"v2"' });
  await client.replace('/v1/accounts/a1', { name: 'y' }, { what: 'updating', etag: '"v2"' });
  assert.equal(seen[0].headers.authorization, 'Bearer test-token');
  assert.equal(seen[0].headers['content-type'], 'application/json');
  assert.equal(seen[0].headers['if-match'], undefined);
  assert.equal(seen[1].headers['if-match'], '"v2"');
  assert.deepEqual(JSON.parse(seen[1].body), { name: 'y' });
  assert.equal(seen[1].socket, seen[0].socket, 'keep-alive reuses the connection');
});

test('get of a missing object is null; delete of a missing object succeeds', async (t) => {
  const { client } = await serve(t, (_req, _body, res) => json(res, 404, { error: { code: 'not_found', message: 'gone', details: [] } }));
  assert.equal(await client.get('/v1/accounts/x', { what: 'reading' }), null);
  await client.remove('/v1/accounts/x', { what: 'deleting' });
});

test('5xx is retried with backoff for idempotent calls, and gives up after maxAttempts', async (t) => {
  let calls = 0;
  const { client, seen } = await serve(t, (_req, _body, res) => (++calls < 3 ? json(res, 503, {}) : json(res, 200, { ok: true })));
  assert.deepEqual((await client.get('/v1/x', { what: 'reading' }))?.body, { ok: true });
  assert.equal(seen.length, 3);
  calls = -10;
  await assert.rejects(client.get('/v1/x', { what: 'reading' }), (e: unknown) => e instanceof ApiError && e.status === 503);
  assert.equal(seen.length, 6, 'three more attempts, then the error');
});

test('a POST carries one Idempotency-Key for all its attempts, so it is retried on 5xx and on a reset; another POST has another key', async (t) => {
  const { client, seen } = await serve(t, (req, _body, res) => {
    // First attempt: 503; second: the connection breaks before any answer; third: created.
    const attempt = seen.filter((r) => r.url === req.url).length;
    if (attempt === 1) json(res, 503, { error: { code: 'unavailable', message: 'restarting', details: [] } });
    else if (attempt === 2) req.socket.destroy();
    else json(res, 201, { id: 'r1' });
  });
  assert.deepEqual((await client.create('/v1/rules', {}, { what: 'creating' })).body, { id: 'r1' });
  const keys = seen.map((r) => r.headers['idempotency-key']);
  assert.equal(keys.length, 3, 'sent three times');
  assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
  assert.deepEqual(new Set(keys).size, 1, 'the same key on every attempt');
  await client.create('/v1/other', {}, { what: 'creating' }).catch(() => undefined);
  assert.notEqual(seen.find((r) => r.url === '/v1/other')!.headers['idempotency-key'], keys[0], 'a new create, a new key');
  assert.equal(seen.filter((r) => r.method !== 'POST' && r.headers['idempotency-key'] !== undefined).length, 0);
});

test('connection refused is retried a bounded number of times, then a clear error', async () => {
  const client = new ApiClient(settings(`http://127.0.0.1:${await freePort()}`));
  const started = performance.now();
  await assert.rejects(client.create('/v1/accounts', {}, { what: 'creating' }), (e: unknown) =>
    e instanceof ApiError && e.status === 0 && /ECONNREFUSED/.test(e.diagnostics[0].detail!));
  assert.ok(performance.now() - started >= 30, 'backed off 10 + 20 ms');
  client.close();
});

test('422 details arrive as attribute diagnostics', async (t) => {
  const { client } = await serve(t, (_req, _body, res) => json(res, 422, { error: { code: 'validation_failed', message: 'bad', details: [{ path: '$.domain', message: 'too long' }] } }));
  await assert.rejects(client.create('/v1/accounts', {}, { what: 'creating' }), (e: unknown) =>
    e instanceof ApiError && JSON.stringify(e.diagnostics[0].attribute) === '[{"attribute":"domain"}]');
});

test('each attempt is one debug line: method, path, status, attempt, duration; never bodies or credentials', async (t) => {
  const lines: string[] = [];
  let calls = 0;
  const { client } = await serve(t, (_req, _body, res) => (++calls === 1 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 201, { id: 'r1', secret: 'body-secret' })), {
    context: { logger: createLogger('debug', (line) => lines.push(line)) },
  });
  await client.create('/v1/rules?x=1', { password_wo: 'sent-secret' }, { what: 'creating' });
  const logged = lines.map((l) => JSON.parse(l));
  assert.deepEqual(logged.map(({ method, path, status, attempt }) => ({ method, path, status, attempt })), [
    { method: 'POST', path: '/v1/rules', status: 429, attempt: 1 },
    { method: 'POST', path: '/v1/rules', status: 201, attempt: 2 },
  ]);
  assert.ok(logged.every((l) => l['@level'] === 'debug' && typeof l.duration_ms === 'number'));
  assert.doesNotMatch(lines.join(''), /secret|test-token|Bearer/);
});

test('username/password are exchanged once for an issued token, sent as Bearer; a refused token is exchanged again', async (t) => {
  let issued = 0;
  let refuse = '';
  const { client, seen } = await serve(t, (req, body, res) => {
    if (req.url === '/v1/tokens') {
      assert.equal(req.headers.authorization, `Basic ${Buffer.from('CORP\\op:pw').toString('base64')}`);
      assert.deepEqual(JSON.parse(body), { ttl_seconds: 900 });
      return json(res, 201, { token: `issued-${++issued}` });
    }
    if (req.headers.authorization === refuse) return json(res, 401, { error: { code: 'unauthenticated', message: 'no', details: [] } });
    json(res, 200, { ok: true });
  }, { settings: { credentials: { username: 'CORP\\op', password: 'pw' } } });
  await Promise.all([client.get('/v1/a', { what: 'reading' }), client.get('/v1/b', { what: 'reading' })]);
  await client.get('/v1/c', { what: 'reading' });
  assert.equal(issued, 1, 'one exchange for all calls');
  assert.deepEqual(seen.filter((r) => r.url !== '/v1/tokens').map((r) => r.headers.authorization), ['Bearer issued-1', 'Bearer issued-1', 'Bearer issued-1']);
  refuse = 'Bearer issued-1';
  assert.deepEqual((await client.get('/v1/d', { what: 'reading' }))?.body, { ok: true });
  assert.equal(issued, 2);
  assert.equal(seen.at(-1)!.headers.authorization, 'Bearer issued-2');
});

test('a directory user gets no token (403 tokens_not_issued): its Basic credentials go with every request', async (t) => {
  let exchanges = 0;
  const basic = `Basic ${Buffer.from('CORP\\carol:pw').toString('base64')}`;
  const { client, seen } = await serve(t, (req, _body, res) => {
    if (req.url === '/v1/tokens') {
      exchanges++;
      return json(res, 403, { error: { code: 'tokens_not_issued', message: 'directory users sign in with their password', details: [] } });
    }
    json(res, req.headers.authorization === basic ? 200 : 401, { ok: true });
  }, { settings: { credentials: { username: 'CORP\\carol', password: 'pw' } } });
  assert.deepEqual((await client.get('/v1/a', { what: 'reading' }))?.body, { ok: true });
  await client.get('/v1/b', { what: 'reading' });
  assert.equal(exchanges, 1, 'asked once');
  assert.deepEqual(seen.filter((r) => r.url !== '/v1/tokens').map((r) => r.headers.authorization), [basic, basic]);
});

test('any other 403 to the exchange is the error it is', async (t) => {
  const { client } = await serve(t, (_req, _body, res) => json(res, 403, { error: { code: 'forbidden', message: 'no', details: [] } }),
    { settings: { credentials: { username: 'CORP\\x', password: 'pw' } } });
  await assert.rejects(client.get('/v1/a', { what: 'reading' }), (e: Error) => e.name === 'ApiError' && /forbidden/.test(String((e as { body?: { code: string } }).body?.code)));
});

test('the abort signal ends a request in flight and a back-off wait at once, with a "Cancelled" diagnostic', async (t) => {
  const stop = new AbortController();
  const lines: string[] = [];
  const { client } = await serve(t, (req, _body, res) => {
    if (req.url === '/v1/hang') return; // never answers
    json(res, 503, {}, { 'retry-after': '10' });
  }, { context: { signal: stop.signal, logger: createLogger('debug', (line) => lines.push(line)) } });
  const started = performance.now();
  const hung = client.get('/v1/hang', { what: 'reading smtp_thing x' });
  const waiting = client.get('/v1/busy', { what: 'reading' });
  setTimeout(() => stop.abort(), 100);
  for (const call of [hung, waiting]) {
    await assert.rejects(call, (e: unknown) => e instanceof ApiError && e.diagnostics[0].summary === 'Cancelled' && /reading/.test(e.diagnostics[0].detail!));
  }
  assert.ok(performance.now() - started < 1000, 'not the 5 s timeout nor the 10 s Retry-After');
  assert.ok(lines.some((l) => JSON.parse(l).path === '/v1/hang' && JSON.parse(l).status === 'cancelled'), 'the abandoned attempt is logged');
  await assert.rejects(client.get('/v1/busy', { what: 'reading' }), /Cancelled|abandoned/, 'after the stop no call is sent');
});

test('every request carries the User-Agent; a withHeaders view adds its headers on the same connection, the client itself does not', async (t) => {
  const userAgent = 'Terraform/1.11.4 terraform-provider-smtp/0.1.0';
  const { client, seen } = await serve(t, (_req, _body, res) => json(res, 200, { id: 'x' }, { etag: '"1"' }), { context: { userAgent } });
  const marked = client.withHeaders({ 'Relayform-Managed-By': 'terraform' });
  await marked.get('/v1/accounts/x', { what: 'reading' });
  await client.get('/v1/accounts/x', { what: 'reading' });
  await marked.create('/v1/accounts', { name: 'a' }, { what: 'creating' });
  assert.deepEqual(seen.map((s) => s.headers['relayform-managed-by']), ['terraform', undefined, 'terraform']);
  assert.deepEqual(seen.map((s) => s.headers['user-agent']), [userAgent, userAgent, userAgent]);
  assert.deepEqual(seen.map((s) => s.headers.authorization), ['Bearer test-token', 'Bearer test-token', 'Bearer test-token']);
  assert.equal(new Set(seen.map((s) => s.socket)).size, 1, 'one keep-alive connection for both');
});
