// The console's sign-in over HTTP: nothing without a session, cookie flags, CSRF on writes, login throttling, logout, HTTPS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relayOperator } from '../support/relay-operator.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';

const password = 'console-test-password';
let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
  await relayOperator(relay.api).createAccount('olga', 'CORP', password);
});
after(() => relay.dispose());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** POSTs the login form as a browser would; `origin` defaults to the relay's own. */
function loginAt(base: string, fields: Record<string, string>, origin = base, init: RequestInit = {}) {
  return fetch(`${base}/console/login`, {
    ...init,
    method: 'POST', redirect: 'manual', body: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  });
}

const login = (fields: Record<string, string>, origin?: string) => loginAt(relay.apiUrl, fields, origin);

/** The session cookie's name=value and its attributes, lower-cased. */
function sessionCookie(response: Response): { pair: string; attributes: string[] } {
  const header = response.headers.get('set-cookie');
  assert.ok(header, 'a Set-Cookie header');
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  assert.match(pair, /^relay_console=[\w-]{40,}$/);
  return { pair, attributes: attributes.map((a) => a.toLowerCase()) };
}

async function session(fields: Record<string, string>) {
  const response = await login(fields);
  assert.equal(response.status, 303, await response.text());
  const { pair } = sessionCookie(response);
  const info = await fetch(`${relay.apiUrl}/console/session`, { headers: { cookie: pair } });
  assert.equal(info.status, 200);
  const body = await info.json() as { csrf_token: string; principal: { kind: string; name: string } };
  return { cookie: pair, csrf: body.csrf_token, principal: body.principal };
}

test('without a session no console page, asset or data answers, except the login page and its stylesheet', async () => {
  const bogus = { cookie: 'relay_console=not-a-session' };
  for (const headers of [{}, bogus]) {
    const app = await fetch(`${relay.apiUrl}/console/`, { redirect: 'manual', headers });
    assert.equal(app.status, 303);
    assert.equal(app.headers.get('location'), '/console/login');
    const deep = await fetch(`${relay.apiUrl}/console/anything/here`, { redirect: 'manual', headers });
    assert.equal(deep.status, 303);
    for (const path of ['/console/assets/app.js', '/console/assets/app.css', '/console/session', '/v1/virtual-servers', '/v1/queue', '/v1/audit-log']) {
      const response = await fetch(`${relay.apiUrl}${path}`, { headers });
      assert.equal(response.status, 401, `${path} answered ${response.status}`);
      assert.doesNotMatch(await response.text(), /preact|relay_control/, `${path} leaks nothing`);
    }
  }
  const page = await fetch(`${relay.apiUrl}/console/login`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<label for="username">/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  assert.equal((await fetch(`${relay.apiUrl}/console/assets/login.css`)).status, 200);
});

test('an account signs in with its password: HttpOnly, SameSite=Strict, Path=/ and, over plain HTTP, not Secure', async () => {
  const response = await login({ username: 'CORP\\olga', password });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/console/');
  const { attributes } = sessionCookie(response);
  assert.ok(attributes.includes('httponly'), attributes.join('; '));
  assert.ok(attributes.includes('samesite=strict'), attributes.join('; '));
  assert.ok(attributes.includes('path=/'), attributes.join('; '));
  assert.ok(!attributes.includes('secure'), 'no Secure over plain HTTP');
  const { cookie, principal } = await session({ username: 'olga', password });
  assert.deepEqual(principal, { kind: 'account', name: 'CORP\\olga' });
  const shell = await fetch(`${relay.apiUrl}/console/`, { headers: { cookie } });
  assert.equal(shell.status, 200);
  assert.match(await shell.text(), /src="\/console\/assets\/app.js"/);
  const app = await fetch(`${relay.apiUrl}/console/assets/app.js`, { headers: { cookie } });
  assert.equal(app.status, 200, 'the build exists (npm ci / run-tests build it)');
  assert.match(app.headers.get('content-type') ?? '', /javascript/);
});

test('wrong credentials get the login page again with 401, and the API\'s login throttling applies', async (t) => {
  // A relay of its own: the throttled address would refuse the other tests' logins for a minute.
  const throttled = await startTestRelay();
  t.after(() => throttled.dispose());
  await relayOperator(throttled.api).createAccount('olga', 'CORP', password);
  const login = (fields: Record<string, string>) => loginAt(throttled.apiUrl, fields);
  const wrong = await login({ username: 'CORP\\olga', password: 'nope' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.match(await wrong.text(), /role="alert">Wrong user name, password or token/);
  assert.equal((await login({ token: 'not-a-token' })).status, 401);
  // The limiter counts per account (20) and per address (10): the tries above and these reach the address limit.
  let status = 0;
  for (let i = 0; i < 10 && status !== 429; i++) status = (await login({ username: 'CORP\\olga', password: `wrong-${i}` })).status;
  assert.equal(status, 429);
  const blocked = await login({ username: 'CORP\\olga', password });
  assert.equal(blocked.status, 429, 'even the right password waits');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.equal((await fetch(`${throttled.apiUrl}/v1/accounts`, { headers: { authorization: `Bearer ${throttled.token}` } })).status, 429,
    'one limiter for the API and the console');
});

test('with the cookie, reads work, but a write without the session\'s CSRF token is refused 403 and changes nothing', async () => {
  const { cookie, csrf } = await session({ token: relay.token });
  const servers = await fetch(`${relay.apiUrl}/v1/virtual-servers`, { headers: { cookie } });
  assert.equal(servers.status, 200);
  const create = (headers: Record<string, string>) => fetch(`${relay.apiUrl}/v1/accounts`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'mallory', domain: 'CORP', password_wo: 'x-long-enough-1', password_wo_version: 1 }),
  });
  for (const headers of [{}, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': `${csrf}x` }] as Array<Record<string, string>>) {
    const refused = await create(headers);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /CSRF token/);
  }
  const retry = await fetch(`${relay.apiUrl}/v1/queue/retry`, { method: 'POST', headers: { cookie } });
  assert.equal(retry.status, 403);
  const accounts = await relay.api<{ items: Array<{ name: string }> }>('GET', '/v1/accounts');
  assert.ok(!accounts.body.items.some((a) => a.name === 'mallory'), 'the refused writes created nothing');
  const allowed = await create({ 'x-csrf-token': csrf });
  assert.equal(allowed.status, 201, await allowed.text());
  const bulk = await fetch(`${relay.apiUrl}/v1/queue/retry`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(bulk.status, 200);
  assert.deepEqual(await bulk.json(), { retried: 0, next_after: null });
});

test('a login form sent from another origin is refused, so no site can sign a browser in to its own account', async () => {
  const response = await login({ username: 'CORP\\olga', password }, 'https://evil.example');
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('set-cookie'), null);
});

test('logout ends the session at once; so does revoking the token it was opened with', async () => {
  const first = await session({ username: 'CORP\\olga', password });
  const noToken = await fetch(`${relay.apiUrl}/console/logout`, { method: 'POST', headers: { cookie: first.cookie } });
  assert.equal(noToken.status, 403, 'logout is a write: it needs the CSRF token too');
  const out = await fetch(`${relay.apiUrl}/console/logout`, { method: 'POST', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf } });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie') ?? '', /^relay_console=; .*Max-Age=0/);
  assert.equal((await fetch(`${relay.apiUrl}/v1/virtual-servers`, { headers: { cookie: first.cookie } })).status, 401);
  assert.equal((await fetch(`${relay.apiUrl}/console/`, { redirect: 'manual', headers: { cookie: first.cookie } })).status, 303);

  const accounts = await relay.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/accounts');
  const olga = accounts.body.items.find((a) => a.name === 'olga')!;
  const issued = await relay.api<{ id: string; token: string }>('POST', '/v1/tokens', { account_id: olga.id });
  assert.equal(issued.status, 201);
  const second = await session({ token: issued.body.token });
  assert.deepEqual(second.principal, { kind: 'account', name: 'CORP\\olga' });
  assert.equal((await fetch(`${relay.apiUrl}/v1/virtual-servers`, { headers: { cookie: second.cookie } })).status, 200);
  assert.equal((await relay.api('DELETE', `/v1/tokens/${issued.body.id}`)).status, 204);
  assert.equal((await fetch(`${relay.apiUrl}/v1/virtual-servers`, { headers: { cookie: second.cookie } })).status, 401);
});

test('over HTTPS the session cookie is also Secure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'console-https-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { tls, caPem } = loopbackTls();
  writeFileSync(join(dir, 'api.pem'), tls.cert);
  writeFileSync(join(dir, 'api.key'), tls.key);
  const secure = await startTestRelay({ apiTls: { certFile: join(dir, 'api.pem'), keyFile: join(dir, 'api.key') } });
  t.after(() => secure.dispose());
  assert.match(secure.apiUrl, /^https:/);
  // fetch has no per-request CA: node:https with the test CA.
  const { request } = await import('node:https');
  const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
    const body = form({ token: secure.token });
    const req = request(`${secure.apiUrl}/console/login`, {
      method: 'POST', ca: caPem,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: secure.apiUrl },
    }, (res) => { res.resume(); res.on('end', () => resolve({ status: String(res.statusCode), ...res.headers })); });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(headers.status, '303');
  const cookie = String(headers['set-cookie']).split(';').map((a) => a.trim().toLowerCase());
  for (const flag of ['httponly', 'samesite=strict', 'path=/', 'secure']) assert.ok(cookie.includes(flag), `${flag} in ${cookie.join('; ')}`);
});

test('the production bundle (bin/smtp-relay.mjs, dist/) serves the console it was built with', async (t) => {
  const built = await startTestRelay({ mode: 'child-process', code: 'built' });
  t.after(() => built.dispose());
  const response = await loginAt(built.apiUrl, { token: built.token });
  assert.equal(response.status, 303);
  const { pair } = sessionCookie(response);
  for (const [path, type] of [['/console/assets/app.js', /javascript/], ['/console/assets/app.css', /text\/css/], ['/console/', /text\/html/]] as const) {
    const asset = await fetch(`${built.apiUrl}${path}`, { headers: { cookie: pair } });
    assert.equal(asset.status, 200, path);
    assert.match(asset.headers.get('content-type') ?? '', type, path);
    assert.ok((await asset.arrayBuffer()).byteLength > 300, `${path} has content`);
  }
});
