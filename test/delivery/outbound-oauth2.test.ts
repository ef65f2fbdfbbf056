// OAuth2 to the smart host through the real worker: a real oidc-provider token endpoint, a sink checking XOAUTH2/OAUTHBEARER tokens.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startOAuth2Server, type OAuth2Server } from '../support/oauth2-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

const trusted = loopbackTls();
const mailbox = 'relay@tenant.test';

async function setup(t: TestContext, options: { ttlS?: number; mechanisms?: Array<'XOAUTH2' | 'OAUTHBEARER'>; tls?: boolean } = {}) {
  const auth = await startOAuth2Server({ accessTokenTtlS: options.ttlS });
  const sink = await startSmtpSink({
    ...(options.tls === false ? {} : { tls: trusted.tls }),
    oauth2: { username: mailbox, issuer: auth.issuer, audience: auth.audience, jwks: () => auth.jwks(), mechanisms: options.mechanisms },
  });
  t.after(() => Promise.all([sink.stop(), auth.stop()]));
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const vs = virtualServer('vs-o', {
    delivery: {
      smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [60],
      outbound_security: { authentication: 'oauth2', username: mailbox, tls_ca_pem: trusted.caPem, token_url: auth.tokenUrl, client_id: auth.clientId, scope: auth.scope },
    },
  });
  const config = staticConfig([vs], [], {}, { 'vs-o': auth.clientSecret });
  const h = startHarness(t, config, undefined, logger);
  let n = 0;
  const send = () => {
    const id = `oauth-${++n}-${Date.now()}@client.test`;
    return h.submit('vs-o', 'a@client.test', ['x@far.test'], testMessage('a@client.test', ['x@far.test'], id));
  };
  return { auth, sink, h, config, lines, send };
}

function assertNoSecrets(lines: string[], auth: OAuth2Server, sink: SmtpSink, extra: string[] = []) {
  const text = lines.join('');
  for (const secret of [auth.clientSecret, ...auth.issuedTokens, ...extra]) assert.equal(text.includes(secret), false, 'a token or secret was logged');
  assert.equal(sink.plaintext.toString('latin1').includes('AUTH'), false, 'AUTH went out in clear text');
}

test('first token, then reuse: five messages, one token request, XOAUTH2 inside verified TLS', async (t) => {
  const { auth, sink, h, lines, send } = await setup(t);
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await send());
  await sink.waitFor(5);
  for (const id of ids) await h.gone(id);
  assert.equal(auth.tokenRequests, 1);
  assert.ok(sink.authAttempts.every((a) => a.method === 'XOAUTH2' && a.secure && a.username === mailbox));
  assert.ok(sink.messages.every((m) => m.user === mailbox && m.secure));
  assertNoSecrets(lines, auth, sink);
});

test('100 concurrent deliveries cause exactly one token request', async (t) => {
  const { auth, sink, h, send } = await setup(t);
  const ids = await Promise.all(Array.from({ length: 100 }, () => send()));
  await sink.waitFor(100, 15_000);
  await Promise.all(ids.map((id) => h.gone(id, 15_000)));
  assert.equal(auth.tokenRequests, 1);
});

test('OAUTHBEARER when the server offers no XOAUTH2', async (t) => {
  const { auth, sink, h, send } = await setup(t, { mechanisms: ['OAUTHBEARER'] });
  const id = await send();
  await sink.waitFor(1);
  await h.gone(id);
  assert.deepEqual(sink.authAttempts.map((a) => a.method), ['OAUTHBEARER']);
  assert.equal(auth.tokenRequests, 1);
});

test('an expired token is replaced: a short-lived token is refreshed before the next message', async (t) => {
  const { auth, sink, h, send } = await setup(t, { ttlS: 2 });
  await h.gone(await send());
  sink.dropConnections();
  await new Promise((r) => setTimeout(r, 2_200));
  await h.gone(await send());
  assert.equal(sink.messages.length, 2);
  assert.equal(auth.tokenRequests, 2);
});

test('the smart host refusing a cached token: one refresh, one retry on the same connection', async (t) => {
  const { auth, sink, h, send } = await setup(t);
  await h.gone(await send());
  sink.revokeSeenTokens();
  sink.dropConnections();
  const connections = sink.connections;
  await h.gone(await send());
  assert.equal(auth.tokenRequests, 2);
  assert.equal(sink.messages.length, 2);
  // One new connection carried both AUTH attempts: the refused cached token and the fresh one.
  assert.equal(sink.connections - connections, 1);
  assert.equal(sink.authAttempts.length, 3);
  assert.notEqual(sink.authAttempts[1].secret, sink.authAttempts[2].secret);
});

test('a revoked client secret defers with a clear last_error and bounces nothing', async (t) => {
  const { auth, sink, h, lines, send } = await setup(t);
  const old = auth.clientSecret;
  auth.rotateClientSecret();
  const id = await send();
  const deferred = await h.deferred(id);
  assert.match(deferred.last_error ?? '', /OAuth2 token request to https:\/\/127\.0\.0\.1:\d+\/token failed: invalid_client \(401\)/);
  assert.equal(sink.messages.length, 0);
  assert.deepEqual(await h.queue.count(), { fresh: 0, deferred: 1 });
  assertNoSecrets(lines, auth, sink, [old]);
  assert.equal((deferred.last_error ?? '').includes(old), false);
});

test('token endpoint down: deferred, then delivered once it is back', async (t) => {
  const { auth, sink, h, send } = await setup(t);
  await auth.pause();
  const id = await send();
  const deferred = await h.deferred(id);
  assert.match(deferred.last_error ?? '', /OAuth2 token request to .* failed: ECONNREFUSED/);
  assert.equal(sink.authAttempts.length, 0);
  await auth.resume();
  await h.queue.retryNow(id);
  await h.gone(id);
  assert.equal(sink.messages.length, 1);
  // The refused connection never reached the server: the one request counted is the one after resume().
  assert.equal(auth.tokenRequests, 1);
});

test('a hop without STARTTLS never receives the token', async (t) => {
  const { auth, sink, h, send } = await setup(t, { tls: false });
  const id = await send();
  const deferred = await h.deferred(id);
  assert.match(deferred.last_error ?? '', /TLS level mismatch/);
  assert.deepEqual(sink.authAttempts, []);
  assert.equal(auth.tokenRequests, 0);
  for (const token of auth.issuedTokens) assert.equal(sink.plaintext.includes(token), false);
});
