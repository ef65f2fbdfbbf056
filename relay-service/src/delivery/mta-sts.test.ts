// Tests for MTA-STS discovery against a fake DNS and a real HTTPS policy host on loopback: fetch rules, cache, id changes, failures.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { register } from 'prom-client';
import { startFakeDns, type DnsTable } from '../../../test/support/fake-dns.ts';
import { startPolicyHost } from '../../../test/support/policy-host.ts';
import { createTestCa, selfSignedCertificate, type KeyAndCertificate } from '../../../test/support/test-ca.ts';
import { MtaStsResolver } from './mta-sts.ts';
import { policyMaxBytes } from './mta-sts-fetch.ts';

const ca = createTestCa();
const enforce = 'version: STSv1\nmode: enforce\nmx: mx.isp.test\nmax_age: 86400\n';

/** isp.test with STS id `id` and its policy host on 127.0.0.1 serving `policy` with `cert`; a resolver that trusts the test CA. */
async function setup(t: TestContext, options: { id?: string | null; policy?: string; cert?: KeyAndCertificate; table?: DnsTable; timeoutMs?: number } = {}) {
  const host = await startPolicyHost({ tls: options.cert ?? ca.issue(['mta-sts.isp.test']), policy: options.policy ?? enforce });
  const id = options.id === undefined ? 'one' : options.id;
  const dns = await startFakeDns(options.table ?? {
    txt: id === null ? {} : { '_mta-sts.isp.test': [`v=STSv1; id=${id};`] },
    a: { 'mta-sts.isp.test': ['127.0.0.1'] },
  });
  t.after(() => Promise.all([host.stop(), dns.stop()]));
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  let clock = Date.now();
  const sts = new MtaStsResolver(resolver, { port: host.port, fetchTimeoutMs: options.timeoutMs ?? 2000, now: () => clock });
  return { host, dns, sts, lookup: () => sts.policyFor('isp.test', ca.certPem), advance: (ms: number) => { clock += ms; } };
}

async function problems(result: string): Promise<number> {
  const values = (await register.getSingleMetric('smtp_outbound_tls_total')?.get())?.values ?? [];
  return values.find((v) => v.labels.policy === 'mta_sts' && v.labels.result === result)?.value ?? 0;
}

test('the policy is fetched over verified HTTPS, its host name resolved through the given DNS, then cached: a second lookup makes no request', async (t) => {
  const { host, dns, lookup } = await setup(t);
  const first = await lookup();
  assert.deepEqual(first, { policy: { mode: 'enforce', mx: ['mx.isp.test'], maxAge: 86400 }, id: 'one', fetchError: null });
  assert.deepEqual(await lookup(), first);
  assert.deepEqual(host.requests, ['/.well-known/mta-sts.txt']);
  assert.ok(dns.queries.includes('TXT _mta-sts.isp.test') && dns.queries.includes('A mta-sts.isp.test'));
  assert.equal(dns.queries.filter((q) => q === 'TXT _mta-sts.isp.test').length, 2, 'the TXT record is asked on every lookup');
});

test('a changed TXT id fetches the policy again; max_age expiry does too', async (t) => {
  const { host, dns, lookup, advance } = await setup(t);
  await lookup();
  host.policy = enforce.replace('mode: enforce', 'mode: testing');
  dns.table.txt!['_mta-sts.isp.test'] = ['v=STSv1; id=two;'];
  assert.deepEqual([(await lookup()).policy?.mode, host.requests.length], ['testing', 2]);
  host.policy = enforce;
  advance(86_399_000);
  assert.deepEqual([(await lookup()).policy?.mode, host.requests.length], ['testing', 2], 'still cached just before max_age');
  advance(2_000);
  assert.deepEqual([(await lookup()).policy?.mode, host.requests.length], ['enforce', 3]);
});

test('a failed fetch or a missing TXT record keeps the unexpired cached policy; once it expires, there is no policy', async (t) => {
  const { host, dns, lookup, advance } = await setup(t);
  await lookup();
  const before = await problems('policy_fetch_failed');
  host.handler = (_req, res) => void res.writeHead(503).end();
  dns.table.txt!['_mta-sts.isp.test'] = ['v=STSv1; id=two;'];
  const failed = await lookup();
  assert.deepEqual([failed.policy?.mode, failed.id], ['enforce', 'one']);
  assert.match(failed.fetchError ?? '', /https:\/\/mta-sts\.isp\.test\/\.well-known\/mta-sts\.txt: HTTP 503/);
  assert.equal(await problems('policy_fetch_failed'), before + 1);
  delete dns.table.txt;
  assert.equal((await lookup()).policy?.mode, 'enforce', 'no TXT record: the cached policy');
  advance(86_401_000);
  assert.deepEqual(await lookup(), { policy: null, id: null, fetchError: null });
});

test('no TXT record, two STS records or an invalid one: no policy and no HTTPS request', async (t) => {
  for (const txt of [[], ['v=STSv1; id=a;', 'v=STSv1; id=b;'], ['v=STSv1; id=not-valid;']]) {
    const { host, lookup } = await setup(t, { table: { txt: { '_mta-sts.isp.test': txt }, a: { 'mta-sts.isp.test': ['127.0.0.1'] } } });
    assert.deepEqual(await lookup(), { policy: null, id: null, fetchError: null }, JSON.stringify(txt));
    assert.deepEqual(host.requests, []);
  }
});

test('a redirect is not followed', async (t) => {
  const { host, lookup } = await setup(t);
  host.handler = (req, res) => {
    if (req.url === '/moved') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(enforce);
    res.writeHead(301, { location: `https://mta-sts.isp.test:${host.port}/moved` }).end();
  };
  const got = await lookup();
  assert.equal(got.policy, null);
  assert.match(got.fetchError ?? '', /HTTP 301 \(redirects are not followed\)/);
  assert.deepEqual(host.requests, ['/.well-known/mta-sts.txt']);
});

test('the policy host must present a trusted certificate for mta-sts.<domain>', async (t) => {
  for (const [cert, reason] of [[ca.issue(['www.isp.test']), /ERR_TLS_CERT_ALTNAME_INVALID/], [selfSignedCertificate(['mta-sts.isp.test']), /SELF_SIGNED/]] as const) {
    const { host, lookup } = await setup(t, { cert });
    const got = await lookup();
    assert.equal(got.policy, null);
    assert.match(got.fetchError ?? '', reason);
    assert.deepEqual(host.requests, [], 'no request went to the untrusted host');
  }
  const { sts } = await setup(t);
  assert.match((await sts.policyFor('isp.test', null)).fetchError ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i, 'the test CA is trusted only through caPem');
});

test('only a 200 text/plain body of at most 64 KiB within the timeout is a policy; a malformed one counts as policy_invalid', async (t) => {
  const answers: Array<[(res: import('node:http').ServerResponse) => void, RegExp]> = [
    [(res) => res.writeHead(404).end(), /HTTP 404/],
    [(res) => res.writeHead(200, { 'content-type': 'text/html' }).end(enforce), /media type "text\/html"/],
    [(res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${enforce}${'#'.repeat(policyMaxBytes)}`), /larger than 65536 bytes/],
    [() => undefined, /no complete answer within 300 ms/],
    [(res) => res.writeHead(200, { 'content-type': 'text/plain' }).write('version: STSv1\n'), /no complete answer within 300 ms/],
    [(res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('version: STSv1\nmode: enforce\nmax_age: 60\n'), /malformed/],
  ];
  const invalid = await problems('policy_invalid');
  for (const [answer, reason] of answers) {
    const { host, lookup } = await setup(t, { timeoutMs: 300 });
    host.handler = (_req, res) => answer(res);
    const got = await lookup();
    assert.equal(got.policy, null, String(reason));
    assert.match(got.fetchError ?? '', reason);
  }
  assert.equal(await problems('policy_invalid'), invalid + 1);
});

test('lookups that overlap share one fetch', async (t) => {
  const { host, lookup } = await setup(t);
  const results = await Promise.all([lookup(), lookup(), lookup()]);
  assert.ok(results.every((r) => r.policy?.mode === 'enforce'));
  assert.equal(host.requests.length, 1);
});
