// Outbound TLS policies against real TLS listeners on loopback: what a man in the middle, a host without STARTTLS
// and a genuine smart host receive under none / opportunistic / encrypt / verify, asserted on the listener's side.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { register } from 'prom-client';
import type { OutboundSecurity, TlsPolicy } from '@relayform/schema/model.ts';
import { MxResolver } from '../../relay-service/src/delivery/mx-resolver.ts';
import { startFakeDns } from '../support/fake-dns.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.ts';
import { createTestCa, selfSignedCertificate, type KeyAndCertificate } from '../support/test-ca.ts';
import { parseReport } from './support/parse-report.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

const ca = createTestCa();
const password = 'correct horse battery staple';
const basic = (patch: Partial<OutboundSecurity> = {}): Partial<OutboundSecurity> => ({ authentication: 'basic', username: 'relay', ...patch });

/** What must never reach a listener that was not verified: AUTH, the secret in any form, the envelope, the message. */
function assertNothingSecretReached(sink: SmtpSink, what: string) {
  assert.deepEqual(sink.authAttempts, [], `${what}: no AUTH was checked`);
  assert.equal(sink.messages.length, 0, `${what}: no message`);
  assert.deepEqual(sink.verbs.filter((c) => !['EHLO', 'STARTTLS', 'QUIT', 'RSET'].includes(c)), [], `${what}: no AUTH, MAIL, RCPT or DATA`);
  const wire = sink.plaintext.toString('latin1');
  for (const form of [password, Buffer.from(`\0relay\0${password}`).toString('base64'), Buffer.from(password).toString('base64')]) {
    assert.ok(!wire.includes(form), `${what}: the password is not on the wire`);
  }
  assert.ok(!/^(AUTH|MAIL|RCPT)/m.test(wire), `${what}: no AUTH/MAIL/RCPT in clear text`);
}

/** A sink with STARTTLS and this certificate, requiring AUTH (relay / password) and TLS before MAIL. */
function tlsSink(pair: KeyAndCertificate, extra: SmtpSinkOptions = {}): Promise<SmtpSink> {
  return startSmtpSink({ tls: { key: pair.key, cert: pair.cert }, requireTls: true, auth: { username: 'relay', password, methods: ['PLAIN', 'LOGIN'] }, ...extra });
}

/** MX delivery for isp.test: its one MX smtp.isp.test is 127.0.0.1 at `port`. */
async function mxFor(t: TestContext, port: number) {
  const dns = await startFakeDns({ mx: { 'isp.test': [{ priority: 10, exchange: 'smtp.isp.test' }] }, a: { 'smtp.isp.test': ['127.0.0.1'] } });
  t.after(() => dns.stop());
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  return new MxResolver(resolver, port);
}

/** One message to x@isp.test through a virtual server whose isp.test remote domain has `security`; resolves with its deferral. */
async function deferredVia(t: TestContext, port: number, security: Partial<OutboundSecurity>, id: string) {
  const vs = virtualServer('vs', { delivery: { retry_intervals_minutes: [60] } });
  const h = startHarness(t, staticConfig([vs], [remoteDomain('rd', 'vs', 'isp.test', { outbound_security: security })], { rd: password }), await mxFor(t, port));
  const queued = await h.submit('vs', 'app@corp.test', ['x@isp.test'], testMessage('app@corp.test', ['x@isp.test'], `${id}@corp.test`));
  return h.deferred(queued);
}

test('a next hop that offers AUTH but not STARTTLS never receives a credential, whatever the policy: a TLS deferral instead', async (t) => {
  const plain = await startSmtpSink({ auth: { username: 'relay', password, methods: ['PLAIN', 'LOGIN'] } });
  t.after(() => plain.stop());
  for (const policy of [null, 'opportunistic', 'encrypt', 'verify'] as Array<TlsPolicy | null>) {
    const deferred = await deferredVia(t, plain.port, basic({ tls_policy: policy }), `no-starttls-${policy}`);
    assert.match(deferred.last_error ?? '', /TLS level mismatch \(tls_policy (opportunistic|encrypt|verify)\): the next hop does not offer STARTTLS/, String(policy));
    assert.equal(deferred.recipients[0].status, 'pending');
  }
  assertNothingSecretReached(plain, 'AUTH without STARTTLS');
  assert.ok(plain.verbs.filter((c) => c === 'STARTTLS').length >= 4, 'the relay asked for STARTTLS and stopped at the refusal');
});

test('under verify a man in the middle with a wrong-name, self-signed or expired certificate gets neither credentials nor mail', async (t) => {
  const cases: Array<[string, KeyAndCertificate, RegExp]> = [
    ['wrong name', ca.issue(['smtp.other.test']), /certificate for smtp\.other\.test, expected smtp\.isp\.test/],
    ['self-signed', selfSignedCertificate(['smtp.isp.test']), /self-signed certificate/],
    ['expired', ca.issue(['smtp.isp.test'], { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }), /certificate expired/],
  ];
  for (const [what, pair, reason] of cases) {
    const mitm = await tlsSink(pair);
    t.after(() => mitm.stop());
    const deferred = await deferredVia(t, mitm.port, basic({ tls_policy: 'verify', tls_ca_pem: ca.certPem }), `mitm-${what.replace(' ', '-')}`);
    assert.match(deferred.last_error ?? '', /TLS level mismatch \(tls_policy verify\)/, what);
    assert.match(deferred.last_error ?? '', reason, what);
    assertNothingSecretReached(mitm, what);
  }
});

test('the automatic policy of a route with credentials is verify: the self-signed listener gets nothing; an explicit encrypt delivers to it', async (t) => {
  const mitm = await tlsSink(selfSignedCertificate(['smtp.isp.test']));
  t.after(() => mitm.stop());
  const deferred = await deferredVia(t, mitm.port, basic(), 'auto-verify');
  assert.match(deferred.last_error ?? '', /tls_policy verify\): self-signed certificate/);
  assertNothingSecretReached(mitm, 'automatic policy');

  const vs = virtualServer('vs2');
  const h = startHarness(t, staticConfig([vs], [remoteDomain('rd2', 'vs2', 'isp.test', { outbound_security: basic({ tls_policy: 'encrypt' }) })], { rd2: password }), await mxFor(t, mitm.port));
  const id = await h.submit('vs2', 'app@corp.test', ['y@isp.test'], testMessage('app@corp.test', ['y@isp.test'], 'encrypt@corp.test'));
  const [got] = await mitm.waitFor(1);
  await h.gone(id);
  assert.deepEqual([got.secure, got.user, got.to], [true, 'relay', ['y@isp.test']]);
  assert.deepEqual(mitm.authAttempts.map((a) => [a.username, a.secret, a.secure]), [['relay', password, true]], 'credentials only inside TLS');
});

test('verify delivers to the genuine host: chain from tls_ca_pem, the MX host name, and pinned fingerprints when given', async (t) => {
  const genuine = ca.issue(['smtp.isp.test']);
  const host = await tlsSink(genuine);
  t.after(() => host.stop());
  const before = await tlsCount('verify', 'verified');
  const vs = virtualServer('vs');
  const config = staticConfig([vs], [remoteDomain('rd', 'vs', 'isp.test', { outbound_security: basic({ tls_policy: 'verify', tls_ca_pem: ca.certPem, tls_fingerprints_sha256: [genuine.fingerprint] }) })], { rd: password });
  const h = startHarness(t, config, await mxFor(t, host.port));
  const id = await h.submit('vs', 'app@corp.test', ['z@isp.test'], testMessage('app@corp.test', ['z@isp.test'], 'verified@corp.test'));
  const [got] = await host.waitFor(1);
  await h.gone(id);
  assert.deepEqual([got.secure, got.user], [true, 'relay']);
  assert.equal(await tlsCount('verify', 'verified'), before + 1, 'smtp_outbound_tls_total{policy="verify",result="verified"} counted the session');

  // The same host, pinned to another certificate's fingerprint: refused although the chain and name are right.
  config.remoteDomains[0].outbound_security.tls_fingerprints_sha256 = [ca.issue(['smtp.isp.test']).fingerprint];
  config.changed();
  const pinned = await h.submit('vs', 'app@corp.test', ['w@isp.test'], testMessage('app@corp.test', ['w@isp.test'], 'pinned@corp.test'));
  const deferred = await h.deferred(pinned);
  assert.match(deferred.last_error ?? '', /certificate [0-9A-F:]{95} is not one of tls_fingerprints_sha256/);
  assert.equal(host.messages.length, 1);
});

test('a smart host given as an IP address is verified against the certificate\'s IP address', async (t) => {
  const host = await tlsSink(ca.issue(['127.0.0.1']));
  const other = await tlsSink(ca.issue(['127.0.0.9']));
  t.after(() => Promise.all([host.stop(), other.stop()]));
  const security = basic({ tls_policy: 'verify', tls_ca_pem: ca.certPem });
  const good = virtualServer('good', { delivery: { smart_host: '127.0.0.1', smart_host_port: host.port, outbound_security: security, retry_intervals_minutes: [60] } });
  const bad = virtualServer('bad', { port: 2526, delivery: { smart_host: '127.0.0.1', smart_host_port: other.port, outbound_security: security, retry_intervals_minutes: [60] } });
  const h = startHarness(t, staticConfig([good, bad], [], { good: password, bad: password }));
  const ok = await h.submit('good', 'app@corp.test', ['a@far.test'], testMessage('app@corp.test', ['a@far.test'], 'ip-ok@corp.test'));
  const refused = await h.submit('bad', 'app@corp.test', ['b@far.test'], testMessage('app@corp.test', ['b@far.test'], 'ip-bad@corp.test'));
  await host.waitFor(1);
  await h.gone(ok);
  assert.match((await h.deferred(refused)).last_error ?? '', /certificate for 127\.0\.0\.9, expected 127\.0\.0\.1/);
  assertNothingSecretReached(other, 'wrong IP');
});

test('opportunistic falls back to clear text only without credentials; with CRAM-MD5 credentials it waits instead', async (t) => {
  const broken = await startSmtpSink({ tls: { maxVersion: 'TLSv1.1' }, auth: { username: 'relay', password, methods: ['CRAM-MD5'] } });
  const open = await startSmtpSink({ tls: { maxVersion: 'TLSv1.1' } });
  t.after(() => Promise.all([broken.stop(), open.stop()]));
  const anon = virtualServer('anon', { delivery: { smart_host: '127.0.0.1', smart_host_port: open.port } });
  const cram = virtualServer('cram', { port: 2526, delivery: { smart_host: '127.0.0.1', smart_host_port: broken.port, retry_intervals_minutes: [60],
    outbound_security: { authentication: 'integrated', username: 'relay', tls_policy: 'opportunistic' } } });
  const h = startHarness(t, staticConfig([anon, cram], [], { cram: password }));
  const clear = await h.submit('anon', 'app@corp.test', ['a@far.test'], testMessage('app@corp.test', ['a@far.test'], 'fallback@corp.test'));
  const [got] = await open.waitFor(1);
  await h.gone(clear);
  assert.equal(got.secure, false, 'anonymous mail went in clear text after the failed handshake');
  const waiting = await h.submit('cram', 'app@corp.test', ['b@far.test'], testMessage('app@corp.test', ['b@far.test'], 'nofallback@corp.test'));
  assert.match((await h.deferred(waiting)).last_error ?? '', /TLS level mismatch \(tls_policy opportunistic\): TLS handshake failed/);
  assertNothingSecretReached(broken, 'failed handshake with credentials');
});

test('none never tries STARTTLS, even when the host offers it', async (t) => {
  const host = await startSmtpSink({ tls: { ...ca.issue(['smtp.isp.test']) } });
  t.after(() => host.stop());
  const vs = virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: host.port, outbound_security: { tls_policy: 'none' } } });
  const h = startHarness(t, staticConfig([vs]));
  const id = await h.submit('vs', 'app@corp.test', ['a@far.test'], testMessage('app@corp.test', ['a@far.test'], 'none@corp.test'));
  const [got] = await host.waitFor(1);
  await h.gone(id);
  assert.equal(got.secure, false);
  assert.ok(!host.verbs.includes('STARTTLS'));
});

test('a TLS level mismatch that lasts until expiry is reported in a valid RFC 3464 report with status 5.7.5 and the reason', async (t) => {
  const mitm = await tlsSink(selfSignedCertificate(['smtp.isp.test']));
  const senders = await startSmtpSink();
  t.after(() => Promise.all([mitm.stop(), senders.stop()]));
  const vs = virtualServer('vs', { fqdn: 'relay.corp.test', delivery: { retry_intervals_minutes: [0.005], expiration_hours: 0.0004 } });
  const back = remoteDomain('back', 'vs', 'corp.test', { smart_host: '127.0.0.1', smart_host_port: senders.port });
  const isp = remoteDomain('rd', 'vs', 'isp.test', { outbound_security: basic({ tls_policy: 'verify' }) });
  const h = startHarness(t, staticConfig([vs], [isp, back], { rd: password }), await mxFor(t, mitm.port));
  const id = await h.submit('vs', 'app@corp.test', ['x@isp.test'], testMessage('app@corp.test', ['x@isp.test'], 'expire-tls@corp.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await h.gone(id);
  const report = parseReport(dsn.raw);
  assert.match(report.contentType, /^multipart\/report;.*report-type=delivery-status/);
  assert.equal(report.statusBlocks[0].get('reporting-mta'), 'dns; relay.corp.test');
  const rcpt = report.statusBlocks[1];
  assert.deepEqual([rcpt.get('final-recipient'), rcpt.get('action'), rcpt.get('status')], ['rfc822; x@isp.test', 'failed', '5.7.5']);
  assert.match(rcpt.get('diagnostic-code') ?? '', /expired after 0\.0004 hours.*TLS level mismatch \(tls_policy verify\): self-signed certificate/);
  assertNothingSecretReached(mitm, 'until expiry');
});

async function tlsCount(policy: string, result: string): Promise<number> {
  const metric = register.getSingleMetric('smtp_outbound_tls_total');
  const values = (await metric?.get())?.values ?? [];
  return values.find((v) => v.labels.policy === policy && v.labels.result === result)?.value ?? 0;
}

