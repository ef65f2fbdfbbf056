// tls_policy dane (RFC 7672) end to end: a zone signed at run time behind a validating unbound, real TLS listeners on
// loopback addresses as MX hosts, and what each one received: DANE-EE, DANE-TA, mismatches, STARTTLS missing, secure
// denial, an unsigned zone, a bogus TLSA RRset, unusable records, and the metrics and reports that follow.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { register } from 'prom-client';
import { DaneResolver } from '../../relay-service/src/delivery/dane-resolver.ts';
import { DnssecLookup } from '../../relay-service/src/delivery/dnssec-lookup.ts';
import { MxResolver } from '../../relay-service/src/delivery/mx-resolver.ts';
import { dnssecSkip, startDnssecResolver, type DnssecResolver } from '../support/dnssec-resolver.ts';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.ts';
import { createTestCa, selfSignedCertificate, type KeyAndCertificate } from '../support/test-ca.ts';
import { parseReport } from './support/parse-report.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

const ca = createTestCa('DANE-TA test CA');
/** The key of a certificate the MX hosts do not have: TLSA records for it match nobody. */
const stranger = selfSignedCertificate(['mx.mismatch.dane.test']);
const spkiSha256 = (pem: string) => createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
const certSha256 = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
const withChain = (pair: KeyAndCertificate) => ({ key: pair.key, cert: pair.cert + ca.certPem });

/** One MX host per case: its loopback address, what it presents and the TLSA records published for it. */
const hosts = {
  ee: { address: '127.0.0.11', tls: selfSignedCertificate(['unrelated.example']) },
  mismatch: { address: '127.0.0.12', tls: selfSignedCertificate(['mx.mismatch.dane.test']) },
  ta: { address: '127.0.0.13', tls: withChain(ca.issue(['mx.ta.dane.test'])) },
  tawrong: { address: '127.0.0.14', tls: withChain(ca.issue(['mx.elsewhere.dane.test'])) },
  nostarttls: { address: '127.0.0.15', tls: null },
  notlsa: { address: '127.0.0.16', tls: selfSignedCertificate(['unrelated.example']) },
  bogus: { address: '127.0.0.17', tls: null },
  unusable: { address: '127.0.0.18', tls: selfSignedCertificate(['unrelated.example']) },
  insecure: { address: '127.0.0.19', tls: null },
};
type Case = keyof typeof hosts;
const bogusDigest = 'ab'.repeat(32);

let port = 0;
let dns: DnssecResolver | null = null;
const sinks = {} as Record<Case, SmtpSink>;

function zones(p: number) {
  const tlsa = (name: string, record: string) => `_${p}._tcp.mx.${name} TLSA ${record}`;
  const mx = (name: Case) => [`${name} MX 10 mx.${name}`, `mx.${name} A ${hosts[name].address}`];
  const signed = [
    ...mx('ee'), tlsa('ee', `3 1 1 ${spkiSha256(hosts.ee.tls.cert)}`),
    ...mx('mismatch'), tlsa('mismatch', `3 1 1 ${spkiSha256(stranger.cert)}`),
    ...mx('ta'), tlsa('ta', `2 0 1 ${certSha256(ca.certPem)}`),
    ...mx('tawrong'), tlsa('tawrong', `2 0 1 ${certSha256(ca.certPem)}`),
    ...mx('nostarttls'), tlsa('nostarttls', `3 1 1 ${spkiSha256(stranger.cert)}`),
    ...mx('notlsa'),
    ...mx('bogus'), tlsa('bogus', `3 1 1 ${bogusDigest}`),
    // PKIX-EE: published and signed, but not usable for SMTP (RFC 7672 3.1.3).
    ...mx('unusable'), tlsa('unusable', `1 1 1 ${spkiSha256(hosts.unusable.tls.cert)}`),
    // Two MX hosts: the preferred one's TLSA RRset is bogus, the other is DANE-EE.
    'twomx MX 10 mx.bogus', 'twomx MX 20 mx.ee',
  ];
  // The unsigned zone publishes a TLSA record that matches nothing: without DNSSEC it must be ignored.
  const unsigned = ['@ MX 10 mx', `mx A ${hosts.insecure.address}`, `_${p}._tcp.mx TLSA 3 1 1 ${spkiSha256(stranger.cert)}`];
  return [
    { name: 'dane.test', signed: true, records: signed, tamper: [[bogusDigest, 'cd'.repeat(32)]] as Array<[string, string]> },
    { name: 'unsigned.test', signed: false, records: unsigned },
  ];
}

if (dnssecSkip) test('DANE delivery needs unbound and ldnsutils', { skip: dnssecSkip }, () => undefined);
else {
  before(async () => {
    port = await freePort(hosts.ee.address);
    dns = await startDnssecResolver(zones(port));
    for (const [name, host] of Object.entries(hosts) as Array<[Case, (typeof hosts)[Case]]>) {
      const options: SmtpSinkOptions = { host: host.address, port, ...(host.tls ? { tls: { key: host.tls.key, cert: host.tls.cert } } : {}) };
      sinks[name] = await startSmtpSink(options);
    }
  });
  after(async () => {
    await Promise.all(Object.values(sinks).map((sink) => sink.stop()));
    await dns?.stop();
  });
}

/** A relay whose virtual server delivers with tls_policy dane (one retry an hour), resolving through the validating unbound. */
function daneRelay(t: TestContext, lines: string[] = [], extra: { expire?: boolean; senders?: SmtpSink } = {}) {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns!.server]);
  const delivery = extra.expire ? { retry_intervals_minutes: [0.005], expiration_hours: 0.0004 } : { retry_intervals_minutes: [60] };
  const vs = virtualServer('vs', { fqdn: 'relay.corp.test', delivery: { ...delivery, outbound_security: { tls_policy: 'dane' } } });
  const back = extra.senders ? [remoteDomain('back', 'vs', 'corp.test', { smart_host: '127.0.0.1', smart_host_port: extra.senders.port })] : [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  return startHarness(t, staticConfig([vs], back), new MxResolver(resolver, port), logger, { dane: new DaneResolver(new DnssecLookup([dns!.server], 1000), port) });
}

async function send(t: TestContext, domain: string, id: string, lines: string[] = []) {
  const h = daneRelay(t, lines);
  const queued = await h.submit('vs', 'app@corp.test', [`x@${domain}`], testMessage('app@corp.test', [`x@${domain}`], `${id}@corp.test`));
  return { h, queued };
}

/** The listener saw no envelope and no message: at most EHLO and STARTTLS (and a polite QUIT). */
function assertNothingSent(sink: SmtpSink, what: string) {
  assert.equal(sink.messages.length, 0, `${what}: no message`);
  assert.deepEqual(sink.verbs.filter((c) => !['EHLO', 'STARTTLS', 'QUIT'].includes(c)), [], `${what}: no MAIL, RCPT or DATA`);
  assert.ok(!/^(MAIL|RCPT|DATA)/m.test(sink.plaintext.toString('latin1')), `${what}: nothing of the envelope in clear text`);
}

/** The RFC 3463 status the attempt logged for the recipient. */
function loggedStatus(lines: string[]): string | undefined {
  const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'delivery attempt failed');
  return failed?.outcomes?.[0]?.status;
}

async function tlsCount(result: string): Promise<number> {
  const values = (await register.getSingleMetric('smtp_outbound_tls_total')?.get())?.values ?? [];
  return values.find((v) => v.labels.policy === 'dane' && v.labels.result === result)?.value ?? 0;
}

const daneTest = (name: string, fn: (t: TestContext) => Promise<void>) => (dnssecSkip ? undefined : test(name, fn));

daneTest('the validating resolver authenticates the signed zone, not the unsigned one, and refuses the tampered TLSA RRset', async () => {
  const lookup = new DnssecLookup([dns!.server], 1000);
  assert.deepEqual(await lookup.query('ee.dane.test', 'MX'), { rcode: 'NOERROR', authenticated: true, records: [{ preference: 10, exchange: 'mx.ee.dane.test' }] });
  assert.equal((await lookup.query('unsigned.test', 'MX')).authenticated, false);
  assert.equal((await lookup.query(`_${port}._tcp.mx.bogus.dane.test`, 'TLSA')).rcode, 'SERVFAIL');
  assert.deepEqual(await lookup.query(`_${port}._tcp.mx.notlsa.dane.test`, 'TLSA'), { rcode: 'NXDOMAIN', authenticated: true, records: [] });
});

daneTest('DANE-EE 3 1 1: delivered over TLS to a self-signed certificate for another name, and counted dane_verified', async (t) => {
  const before = await tlsCount('dane_verified');
  const { h, queued } = await send(t, 'ee.dane.test', 'dane-ee');
  const [got] = await sinks.ee.waitFor(1);
  await h.gone(queued);
  assert.deepEqual([got.secure, got.to], [true, ['x@ee.dane.test']]);
  assert.equal(await tlsCount('dane_verified'), before + 1);
});

daneTest('a TLSA record for another key: deferred 4.7.5 naming the mismatch, and the listener got no MAIL, RCPT or DATA', async (t) => {
  const lines: string[] = [];
  const before = await tlsCount('dane_mismatch');
  const { h, queued } = await send(t, 'mismatch.dane.test', 'dane-mismatch', lines);
  const deferred = await h.deferred(queued);
  assert.match(deferred.last_error ?? '', /TLS level mismatch \(tls_policy dane\): no TLSA record matches the certificate of mx\.mismatch\.dane\.test/);
  assert.equal(loggedStatus(lines), '4.7.5');
  assert.ok(sinks.mismatch.verbs.includes('STARTTLS'), 'the relay did start TLS');
  assertNothingSent(sinks.mismatch, 'mismatch');
  assert.equal(await tlsCount('dane_mismatch'), before + 1);
});

daneTest('DANE-TA 2 0 1: a chain from the test CA naming the MX host is delivered; one naming another host is deferred', async (t) => {
  const { h, queued } = await send(t, 'ta.dane.test', 'dane-ta');
  const [got] = await sinks.ta.waitFor(1);
  await h.gone(queued);
  assert.equal(got.secure, true);

  const wrong = await send(t, 'tawrong.dane.test', 'dane-ta-wrong');
  const deferred = await wrong.h.deferred(wrong.queued);
  assert.match(deferred.last_error ?? '', /tls_policy dane\): the certificate of mx\.tawrong\.dane\.test chains to its DANE-TA trust anchor but names mx\.elsewhere\.dane\.test/);
  assertNothingSent(sinks.tawrong, 'DANE-TA wrong name');
});

daneTest('secure TLSA and no STARTTLS: deferred 4.7.4, nothing in clear text', async (t) => {
  const lines: string[] = [];
  const before = await tlsCount('starttls_missing');
  const { h, queued } = await send(t, 'nostarttls.dane.test', 'dane-nostarttls', lines);
  const deferred = await h.deferred(queued);
  assert.match(deferred.last_error ?? '', /tls_policy dane\): the next hop does not offer STARTTLS/);
  assert.equal(loggedStatus(lines), '4.7.4');
  assertNothingSent(sinks.nostarttls, 'no STARTTLS');
  assert.equal(await tlsCount('starttls_missing'), before + 1);
});

daneTest('secure denial of TLSA: opportunistic, so a self-signed certificate is accepted; counted no_tlsa', async (t) => {
  const before = await tlsCount('no_tlsa');
  const { h, queued } = await send(t, 'notlsa.dane.test', 'dane-notlsa');
  const [got] = await sinks.notlsa.waitFor(1);
  await h.gone(queued);
  assert.equal(got.secure, true);
  assert.equal(await tlsCount('no_tlsa'), before + 1);
});

daneTest('an unsigned zone: its (non-matching) TLSA record is ignored and mail goes opportunistically, here in clear text; counted dnssec_insecure', async (t) => {
  const before = await tlsCount('dnssec_insecure');
  const { h, queued } = await send(t, 'unsigned.test', 'dane-insecure');
  const [got] = await sinks.insecure.waitFor(1);
  await h.gone(queued);
  assert.equal(got.secure, false);
  assert.equal(await tlsCount('dnssec_insecure'), before + 1);
});

daneTest('a bogus TLSA RRset (SERVFAIL): deferred 4.7.5, the host is not even connected to, no clear-text fallback', async (t) => {
  const lines: string[] = [];
  const before = await tlsCount('tlsa_lookup_failed');
  const { h, queued } = await send(t, 'bogus.dane.test', 'dane-bogus', lines);
  const deferred = await h.deferred(queued);
  assert.match(deferred.last_error ?? '', new RegExp(`tls_policy dane\\): TLSA lookup for _${port}\\._tcp\\.mx\\.bogus\\.dane\\.test failed \\(SERVFAIL\\)`));
  assert.equal(loggedStatus(lines), '4.7.5');
  assert.equal(sinks.bogus.connections, 0);
  assert.equal(await tlsCount('tlsa_lookup_failed'), before + 1);
});

daneTest('a bogus TLSA RRset at the preferred MX host: the next MX host, authenticated by DANE-EE, gets the mail', async (t) => {
  const before = sinks.ee.messages.length;
  const { h, queued } = await send(t, 'twomx.dane.test', 'dane-twomx');
  const got = await sinks.ee.waitFor(before + 1);
  await h.gone(queued);
  assert.deepEqual([got[before].secure, got[before].to], [true, ['x@twomx.dane.test']]);
  assert.equal(sinks.bogus.connections, 0);
});

daneTest('only unusable (PKIX-EE) TLSA records: TLS is required but the certificate is not checked; counted tlsa_unusable', async (t) => {
  const before = await tlsCount('tlsa_unusable');
  const { h, queued } = await send(t, 'unusable.dane.test', 'dane-unusable');
  const [got] = await sinks.unusable.waitFor(1);
  await h.gone(queued);
  assert.equal(got.secure, true);
  assert.equal(await tlsCount('tlsa_unusable'), before + 1);
});

daneTest('a smart host under dane: its own TLSA records decide (DANE-EE delivered; a mismatch deferred, nothing sent)', async (t) => {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns!.server]);
  const relayVia = (id: string, host: string, listen: number) => virtualServer(id, { port: listen,
    delivery: { smart_host: host, smart_host_port: port, retry_intervals_minutes: [60], outbound_security: { tls_policy: 'dane' } } });
  const config = staticConfig([relayVia('good', 'mx.ee.dane.test', 2525), relayVia('bad', 'mx.mismatch.dane.test', 2526)]);
  const h = startHarness(t, config, new MxResolver(resolver, port), undefined, { dane: new DaneResolver(new DnssecLookup([dns!.server], 1000), port) });
  const before = await tlsCount('dane_verified');
  const already = sinks.ee.messages.length;
  const ok = await h.submit('good', 'app@corp.test', ['a@far.test'], testMessage('app@corp.test', ['a@far.test'], 'dane-smarthost@corp.test'));
  const refused = await h.submit('bad', 'app@corp.test', ['b@far.test'], testMessage('app@corp.test', ['b@far.test'], 'dane-smarthost-bad@corp.test'));
  const got = await sinks.ee.waitFor(already + 1);
  await h.gone(ok);
  assert.deepEqual([got[already].secure, got[already].to], [true, ['a@far.test']]);
  assert.equal(await tlsCount('dane_verified'), before + 1);
  assert.match((await h.deferred(refused)).last_error ?? '', /tls_policy dane\): no TLSA record matches the certificate of mx\.mismatch\.dane\.test/);
  assertNothingSent(sinks.mismatch, 'smart host mismatch');
});

daneTest('a DANE mismatch that lasts until expiry is reported with status 5.7.5 and the reason', async (t) => {
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const h = daneRelay(t, [], { expire: true, senders });
  const id = await h.submit('vs', 'app@corp.test', ['y@mismatch.dane.test'], testMessage('app@corp.test', ['y@mismatch.dane.test'], 'dane-expire@corp.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await h.gone(id);
  const rcpt = parseReport(dsn.raw).statusBlocks[1];
  assert.deepEqual([rcpt.get('final-recipient'), rcpt.get('action'), rcpt.get('status')], ['rfc822; y@mismatch.dane.test', 'failed', '5.7.5']);
  assert.match(rcpt.get('diagnostic-code') ?? '', /tls_policy dane\): no TLSA record matches the certificate of mx\.mismatch\.dane\.test/);
  assertNothingSent(sinks.mismatch, 'until expiry');
});
