// tls_policy mta_sts end to end on loopback: a fake DNS (MX, A, TXT), a real HTTPS policy host and TLS MX sinks whose
// certificates come from a test CA; what each MX listener received is asserted, and smtp_outbound_tls_total.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { register } from 'prom-client';
import { MtaStsResolver } from '../../relay-service/src/delivery/mta-sts.ts';
import { MxResolver } from '../../relay-service/src/delivery/mx-resolver.ts';
import { startFakeDns, type FakeDns } from '../support/fake-dns.ts';
import { freePort } from '../support/free-port.ts';
import { startPolicyHost, type PolicyHost } from '../support/policy-host.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestCa, selfSignedCertificate, type KeyAndCertificate } from '../support/test-ca.ts';
import { startHarness, testMessage, type Harness } from './support/harness.ts';
import { parseReport } from './support/parse-report.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

const ca = createTestCa();
const policyAddress = '127.0.8.1';
/** Loopback addresses of the MX listeners; all of them listen on one port, as port 25 would be. */
const mxAddresses = ['127.0.8.2', '127.0.8.3'];

function policyFile(mode: 'enforce' | 'testing' | 'none', ...mx: string[]): string {
  return ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), 'max_age: 86400', ''].join('\r\n');
}

interface World {
  dns: FakeDns;
  policyHost: PolicyHost;
  /** The MX listeners, by MX host name. */
  sinks: Record<string, SmtpSink>;
  h: Harness;
  send(id: string, to?: string): Promise<string>;
}

/**
 * isp.test with STS record id 1 and `policy` on its policy host; its MX hosts `mx` (name -> certificate, or null for a
 * listener without STARTTLS) in preference order on 127.0.8.2, .3; a relay whose route to isp.test has tls_policy mta_sts.
 * `reportsTo` is a port where reports to senders at corp.test go, and `expirationHours` the queue lifetime.
 */
async function startWorld(t: TestContext, policy: string, mx: Record<string, KeyAndCertificate | null>,
  options: { reportsTo?: number; expirationHours?: number; logLines?: string[] } = {}): Promise<World> {
  const names = Object.keys(mx);
  const port = await freePort(mxAddresses[0]);
  const sinks: Record<string, SmtpSink> = {};
  for (const [i, name] of names.entries()) {
    const cert = mx[name];
    sinks[name] = await startSmtpSink({ host: mxAddresses[i], port, name, ...(cert ? { tls: { key: cert.key, cert: cert.cert } } : {}) });
  }
  const policyHost = await startPolicyHost({ host: policyAddress, tls: ca.issue(['mta-sts.isp.test']), policy });
  const dns = await startFakeDns({
    txt: { '_mta-sts.isp.test': ['v=STSv1; id=1;'] },
    mx: { 'isp.test': names.map((exchange, i) => ({ priority: 10 * (i + 1), exchange })) },
    a: { 'mta-sts.isp.test': [policyAddress], ...Object.fromEntries(names.map((name, i) => [name, [mxAddresses[i]]])) },
  });
  t.after(() => Promise.all([...Object.values(sinks).map((s) => s.stop()), policyHost.stop(), dns.stop()]));
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  const vs = virtualServer('vs', { fqdn: 'relay.corp.test', delivery: {
    outbound_security: { tls_policy: 'mta_sts', tls_ca_pem: ca.certPem },
    retry_intervals_minutes: options.expirationHours ? [0.005] : [60], expiration_hours: options.expirationHours ?? 48,
  } });
  const back = options.reportsTo ? [remoteDomain('back', 'vs', 'corp.test', { smart_host: '127.0.0.1', smart_host_port: options.reportsTo })] : [];
  const lines = options.logLines;
  const logger = lines ? pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } })) : undefined;
  const h = startHarness(t, staticConfig([vs], back), new MxResolver(resolver, port), logger, { mtaSts: new MtaStsResolver(resolver, { port: policyHost.port }) });
  const send = (id: string, to = 'u@isp.test') => h.submit('vs', 'app@corp.test', [to], testMessage('app@corp.test', [to], `${id}@corp.test`));
  return { dns, policyHost, sinks, h, send };
}

/** Nothing of a transaction reached the listener: no MAIL, RCPT or DATA, no message. */
function assertNoTransaction(sink: SmtpSink, what: string) {
  assert.equal(sink.messages.length, 0, `${what}: no message`);
  assert.deepEqual(sink.verbs.filter((v) => !['EHLO', 'HELO', 'STARTTLS', 'QUIT', 'RSET'].includes(v)), [], `${what}: no MAIL, RCPT or DATA`);
  assert.ok(!/^(MAIL|RCPT|DATA)/m.test(sink.plaintext.toString('latin1')), `${what}: no MAIL, RCPT or DATA in clear text`);
}

async function stsCount(result: string, policy = 'mta_sts'): Promise<number> {
  const values = (await register.getSingleMetric('smtp_outbound_tls_total')?.get())?.values ?? [];
  return values.find((v) => v.labels.policy === policy && v.labels.result === result)?.value ?? 0;
}

test('enforce delivers to a matching MX host whose certificate is verified, and counts the session as verified', async (t) => {
  const w = await startWorld(t, policyFile('enforce', '*.isp.test'), { 'mx1.isp.test': ca.issue(['mx1.isp.test']) });
  const before = await stsCount('verified');
  const id = await w.send('enforce-ok');
  const [got] = await w.sinks['mx1.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.equal(got.secure, true);
  assert.equal(await stsCount('verified'), before + 1);
  assert.deepEqual(w.policyHost.requests, ['/.well-known/mta-sts.txt']);
});

test('enforce refuses an MX host the policy does not list: that listener is never contacted, the mail is deferred', async (t) => {
  const w = await startWorld(t, policyFile('enforce', 'mx.isp.test'), { 'mx.attacker.test': ca.issue(['mx.attacker.test']) });
  const before = await stsCount('mx_mismatch');
  const deferred = await w.h.deferred(await w.send('enforce-mismatch'));
  assert.equal(deferred.last_error,
    'u@isp.test: MTA-STS policy of isp.test (mode enforce, id 1) allows none of its MX hosts: mx.attacker.test not matched by mx mx.isp.test');
  assert.equal(deferred.recipients[0].status, 'pending');
  const sink = w.sinks['mx.attacker.test'];
  assert.equal(sink.connections, 0, 'no connection to the unlisted MX');
  assertNoTransaction(sink, 'unlisted MX');
  assert.equal(await stsCount('mx_mismatch'), before + 1);
});

test('enforce skips a preferred MX host the policy does not list and delivers to the listed one', async (t) => {
  const w = await startWorld(t, policyFile('enforce', 'mx.isp.test'), {
    'backup.other.test': ca.issue(['backup.other.test']), 'mx.isp.test': ca.issue(['mx.isp.test']),
  });
  const id = await w.send('enforce-skip');
  await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.equal(w.sinks['backup.other.test'].connections, 0);
});

test('enforce with a wrong-name or self-signed certificate, or without STARTTLS, defers (4.7.5 / 4.7.4) and the listener gets no envelope', async (t) => {
  const cases: Array<[string, KeyAndCertificate | null, RegExp, string]> = [
    ['wrong name', ca.issue(['other.isp.test']), /TLS level mismatch \(tls_policy mta_sts\): certificate for other\.isp\.test, expected mx\.isp\.test/, 'certificate_invalid'],
    ['self-signed', selfSignedCertificate(['mx.isp.test']), /TLS level mismatch \(tls_policy mta_sts\): self-signed certificate/, 'certificate_invalid'],
    ['no STARTTLS', null, /TLS level mismatch \(tls_policy mta_sts\): the next hop does not offer STARTTLS/, 'starttls_missing'],
  ];
  for (const [what, cert, reason, result] of cases) {
    const w = await startWorld(t, policyFile('enforce', 'mx.isp.test'), { 'mx.isp.test': cert });
    const before = await stsCount(result);
    const deferred = await w.h.deferred(await w.send(`enforce-${what.replace(/\W/g, '-')}`));
    assert.match(deferred.last_error ?? '', reason, what);
    assert.equal(await w.h.queue.get(deferred.id).then((m) => m?.recipients[0].status), 'pending');
    assertNoTransaction(w.sinks['mx.isp.test'], what);
    assert.equal(await stsCount(result), before + 1, `${what}: counted as ${result}`);
  }
});

test('testing mode delivers to a host enforce would refuse, and counts and logs the would-be failure', async (t) => {
  const lines: string[] = [];
  const w = await startWorld(t, policyFile('testing', 'mx.isp.test'), { 'mx.isp.test': selfSignedCertificate(['mx.isp.test']) }, { logLines: lines });
  const before = { failed: await stsCount('would_fail_certificate_invalid'), verified: await stsCount('testing_verified') };
  const id = await w.send('testing-self-signed');
  const [got] = await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.equal(got.secure, true, 'delivered inside TLS, as opportunistic');
  assert.equal(await stsCount('would_fail_certificate_invalid'), before.failed + 1);
  assert.equal(await stsCount('testing_verified'), before.verified);
  const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.result === 'would_fail_certificate_invalid');
  assert.deepEqual([warning?.remote, warning?.reason], [`mx.isp.test:${w.sinks['mx.isp.test'].port}`, 'DEPTH_ZERO_SELF_SIGNED_CERT']);
});

test('testing mode counts a verified session and an unlisted MX host apart', async (t) => {
  const w = await startWorld(t, policyFile('testing', 'mx.isp.test'), {
    'mx.isp.test': ca.issue(['mx.isp.test']),
  });
  const verified = await stsCount('testing_verified');
  const first = await w.send('testing-verified');
  await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(first);
  assert.equal(await stsCount('testing_verified'), verified + 1);

  w.policyHost.policy = policyFile('testing', 'elsewhere.isp.test');
  w.dns.table.txt!['_mta-sts.isp.test'] = ['v=STSv1; id=2;'];
  const mismatch = await stsCount('would_fail_mx_mismatch');
  const second = await w.send('testing-mismatch');
  await w.sinks['mx.isp.test'].waitFor(2);
  await w.h.gone(second);
  assert.equal(await stsCount('would_fail_mx_mismatch'), mismatch + 1);
});

test('the policy is cached: a second message fetches nothing, a new TXT id fetches again, and a failed fetch keeps enforcing the cached policy', async (t) => {
  const w = await startWorld(t, policyFile('enforce', 'mx.isp.test'), {
    'mx.isp.test': ca.issue(['mx.isp.test']), 'mx.attacker.test': ca.issue(['mx.attacker.test']),
  });
  const good = w.sinks['mx.isp.test'];
  const first = await w.send('cache-1');
  await good.waitFor(1);
  await w.h.gone(first);
  const second = await w.send('cache-2');
  await good.waitFor(2);
  await w.h.gone(second);
  assert.equal(w.policyHost.requests.length, 1, 'the second message used the cached policy');

  w.dns.table.txt!['_mta-sts.isp.test'] = ['v=STSv1; id=2;'];
  const third = await w.send('cache-3');
  await good.waitFor(3);
  await w.h.gone(third);
  assert.equal(w.policyHost.requests.length, 2, 'a new id fetched the policy again');

  // An attacker now answers the MX lookup with their host and blocks the policy host: the cached policy still holds.
  w.dns.table.mx!['isp.test'] = [{ priority: 10, exchange: 'mx.attacker.test' }];
  w.dns.table.txt!['_mta-sts.isp.test'] = ['v=STSv1; id=3;'];
  w.policyHost.handler = (_req, res) => void res.writeHead(500).end();
  const failed = await stsCount('policy_fetch_failed');
  const deferred = await w.h.deferred(await w.send('cache-4'));
  assert.match(deferred.last_error ?? '', /MTA-STS policy of isp\.test \(mode enforce, id 2\) allows none of its MX hosts: mx\.attacker\.test/);
  assert.equal(w.policyHost.requests.length, 3);
  assert.equal(await stsCount('policy_fetch_failed'), failed + 1);
  assert.equal(w.sinks['mx.attacker.test'].connections, 0);
});

test('without a TXT record the route is opportunistic: an unverifiable certificate is accepted and no policy is fetched', async (t) => {
  const w = await startWorld(t, policyFile('enforce', 'other.isp.test'), { 'mx.isp.test': selfSignedCertificate(['mx.isp.test']) });
  delete w.dns.table.txt;
  const encrypted = await stsCount('encrypted', 'opportunistic');
  const id = await w.send('no-txt');
  const [got] = await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.equal(got.secure, true);
  assert.deepEqual(w.policyHost.requests, []);
  assert.ok(w.dns.queries.includes('TXT _mta-sts.isp.test'));
  assert.equal(await stsCount('encrypted', 'opportunistic'), encrypted + 1);
});

test('a redirect from the policy host is not followed: no policy applies and the redirect target is never asked', async (t) => {
  // The target would serve an enforce policy that refuses the MX host; not following the redirect, the relay has none.
  const w = await startWorld(t, policyFile('enforce', 'other.isp.test'), { 'mx.isp.test': ca.issue(['mx.isp.test']) });
  w.policyHost.handler = (req, res) => {
    if (req.url === '/moved.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(w.policyHost.policy);
    res.writeHead(302, { location: '/moved.txt' }).end();
  };
  const failed = await stsCount('policy_fetch_failed');
  const id = await w.send('redirect');
  await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.deepEqual(w.policyHost.requests, ['/.well-known/mta-sts.txt']);
  assert.equal(await stsCount('policy_fetch_failed'), failed + 1);
});

test('mode none is opportunistic', async (t) => {
  const w = await startWorld(t, policyFile('none'), { 'mx.isp.test': selfSignedCertificate(['mx.isp.test']) });
  const id = await w.send('mode-none');
  const [got] = await w.sinks['mx.isp.test'].waitFor(1);
  await w.h.gone(id);
  assert.equal(got.secure, true);
  assert.equal(w.policyHost.requests.length, 1);
});

test('an MX mismatch that lasts until the message expires is reported to the sender as 5.7.0 with the reason', async (t) => {
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const w = await startWorld(t, policyFile('enforce', 'mx.isp.test'), { 'mx.attacker.test': ca.issue(['mx.attacker.test']) },
    { reportsTo: senders.port, expirationHours: 0.0004 });
  const id = await w.send('expire-mismatch');
  const [dsn] = await senders.waitFor(1, 15_000);
  await w.h.gone(id);
  const rcpt = parseReport(dsn.raw).statusBlocks[1];
  assert.deepEqual([rcpt.get('final-recipient'), rcpt.get('action'), rcpt.get('status')], ['rfc822; u@isp.test', 'failed', '5.7.0']);
  assert.match(rcpt.get('diagnostic-code') ?? '', /MTA-STS policy of isp\.test \(mode enforce, id 1\) allows none of its MX hosts: mx\.attacker\.test/);
  assertNoTransaction(w.sinks['mx.attacker.test'], 'until expiry');
});
