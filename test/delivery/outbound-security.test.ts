// Routing and outbound security through the real worker, a real SQLite queue and real SMTP sinks on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

/** Sinks with this certificate are verified by routes that trust its CA (`tls_ca_pem: trusted.caPem`). */
const trusted = loopbackTls();

test('a remote domain routes to its own host with basic AUTH over required STARTTLS; other domains use the smart host anonymously', async (t) => {
  const secure = await startSmtpSink({ tls: trusted.tls, requireTls: true, auth: { username: 'relay-a', password: 'secret-a', methods: ['PLAIN', 'LOGIN'] } });
  const fallback = await startSmtpSink();
  t.after(() => Promise.all([secure.stop(), fallback.stop()]));
  const vs = virtualServer('vs1', { fqdn: 'relay1.test', delivery: { smart_host: '127.0.0.1', smart_host_port: fallback.port } });
  const rd = remoteDomain('rd1', 'vs1', 'secure.test', {
    smart_host: '127.0.0.1', smart_host_port: secure.port, outbound_security: { authentication: 'basic', username: 'relay-a', tls: true, tls_ca_pem: trusted.caPem },
  });
  const h = startHarness(t, staticConfig([vs], [rd], { rd1: 'secret-a' }));

  const id = await h.submit('vs1', 'sender@client.test', ['bob@secure.test', 'carol@other.test'], testMessage('sender@client.test', ['bob@secure.test', 'carol@other.test'], 'route-1@client.test'));
  const [[viaDomain], [viaSmartHost]] = await Promise.all([secure.waitFor(1), fallback.waitFor(1)]);
  await h.gone(id);

  assert.deepEqual(viaDomain.to, ['bob@secure.test']);
  assert.equal(viaDomain.secure, true);
  assert.equal(viaDomain.user, 'relay-a');
  assert.equal(viaDomain.from, 'sender@client.test');
  assert.equal(viaDomain.messageId, 'route-1@client.test');
  assert.deepEqual(viaSmartHost.to, ['carol@other.test']);
  assert.equal(viaSmartHost.user, null);
  assert.equal(viaSmartHost.secure, false);
  assert.equal(viaSmartHost.messageId, 'route-1@client.test');
});

test('the smart host gets AUTH LOGIN over verified TLS with the stored outbound password', async (t) => {
  const smart = await startSmtpSink({ tls: trusted.tls, requireTls: true, auth: { username: 'relay-b', password: 'pw-b', methods: ['LOGIN'] } });
  t.after(() => smart.stop());
  const vs = virtualServer('vs2', {
    delivery: { smart_host: '127.0.0.1', smart_host_port: smart.port, outbound_security: { authentication: 'basic', username: 'relay-b', tls: true, tls_ca_pem: trusted.caPem } },
  });
  const h = startHarness(t, staticConfig([vs], [], { vs2: 'pw-b' }));
  const id = await h.submit('vs2', 'a@client.test', ['x@far.test'], testMessage('a@client.test', ['x@far.test'], 'basic-tls@client.test'));
  const [got] = await smart.waitFor(1);
  await h.gone(id);
  assert.deepEqual([got.secure, got.user, got.to], [true, 'relay-b', ['x@far.test']]);
});

test('integrated outbound authentication uses CRAM-MD5 (the password never crosses the wire), inside verified TLS', async (t) => {
  const smart = await startSmtpSink({ tls: trusted.tls, auth: { username: 'relay-c', password: 'pw-c', methods: ['CRAM-MD5'] } });
  t.after(() => smart.stop());
  const vs = virtualServer('vs3', {
    delivery: { smart_host: '127.0.0.1', smart_host_port: smart.port, outbound_security: { authentication: 'integrated', username: 'relay-c', tls_ca_pem: trusted.caPem } },
  });
  const h = startHarness(t, staticConfig([vs], [], { vs3: 'pw-c' }));
  const id = await h.submit('vs3', 'a@client.test', ['y@far.test'], testMessage('a@client.test', ['y@far.test'], 'cram@client.test'));
  const [got] = await smart.waitFor(1);
  await h.gone(id);
  assert.deepEqual([got.user, got.to, got.secure], ['relay-c', ['y@far.test'], true]);
});

test('a wrong outbound password is a permanent 535 failure, not an endless retry', async (t) => {
  const smart = await startSmtpSink({ tls: trusted.tls, auth: { username: 'relay-d', password: 'right', methods: ['PLAIN'] } });
  t.after(() => smart.stop());
  const vs = virtualServer('vs4', {
    delivery: { smart_host: '127.0.0.1', smart_host_port: smart.port, outbound_security: { authentication: 'basic', username: 'relay-d', tls_ca_pem: trusted.caPem } },
  });
  const h = startHarness(t, staticConfig([vs], [], { vs4: 'wrong' }));
  // The null sender: the failure is final and no report is queued, so the queue ends empty.
  const id = await h.submit('vs4', '', ['z@far.test'], testMessage('', ['z@far.test'], 'badpw@client.test'));
  await h.gone(id);
  assert.equal(smart.messages.length, 0);
  assert.deepEqual(await h.queue.count(), { fresh: 0, deferred: 0 });
});

test('basic AUTH never falls back to clear text after a failed STARTTLS handshake: the message waits instead', async (t) => {
  const oldTls = await startSmtpSink({ tls: { ...trusted.tls, maxVersion: 'TLSv1.1' }, auth: { username: 'relay-e', password: 'pw-e' } });
  t.after(() => oldTls.stop());
  const vs = virtualServer('vs5', {
    delivery: { smart_host: '127.0.0.1', smart_host_port: oldTls.port, outbound_security: { authentication: 'basic', username: 'relay-e', tls_ca_pem: trusted.caPem }, retry_intervals_minutes: [60] },
  });
  const h = startHarness(t, staticConfig([vs], [], { vs5: 'pw-e' }));
  const id = await h.submit('vs5', 'a@client.test', ['w@far.test'], testMessage('a@client.test', ['w@far.test'], 'no-clear@client.test'));
  const deferred = await h.deferred(id);
  assert.match(deferred.last_error ?? '', /^w@far\.test: TLS level mismatch \(tls_policy verify\): TLS handshake failed/);
  assert.equal(oldTls.messages.length, 0);
  assert.deepEqual(oldTls.authAttempts, []);
});
