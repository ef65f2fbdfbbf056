// Tests for applying an MTA-STS policy to a domain's mail exchangers (which hosts, which TLS), with a stub policy source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../logger.ts';
import { mtaStsDestinations, MtaStsRefusal } from './mta-sts-destinations.ts';
import type { PolicyLookup } from './mta-sts.ts';
import type { MtaStsPolicy } from './mta-sts-policy.ts';

const exchangers = [
  { host: 'mx1.isp.test', address: '192.0.2.1', port: 25 },
  { host: 'backup.other.test', address: '192.0.2.2', port: 25 },
];
const route = { policy: 'mta_sts' as const, caPem: 'CA', fingerprints: [] };
const logger = createLogger('silent');

function source(policy: MtaStsPolicy | null) {
  const asked: Array<[string, string | null]> = [];
  const lookup: PolicyLookup = { policy, id: policy ? 'id1' : null, fetchError: null };
  return {
    asked,
    async policyFor(domain: string, caPem: string | null) {
      asked.push([domain, caPem]);
      return lookup;
    },
  };
}

test('enforce keeps the listed MX hosts, each with verify and the route\'s trust anchors', async () => {
  const stub = source({ mode: 'enforce', mx: ['*.isp.test'], maxAge: 60 });
  const got = await mtaStsDestinations(stub, 'isp.test', exchangers, route, logger);
  assert.deepEqual(got, [{ ...exchangers[0], tls: { policy: 'verify', caPem: 'CA', fingerprints: [], mtaSts: { mode: 'enforce', mxMatch: true } } }]);
  assert.deepEqual(stub.asked, [['isp.test', 'CA']]);
});

test('enforce without any listed MX host refuses with 4.7.0 and names the hosts and patterns', async () => {
  const stub = source({ mode: 'enforce', mx: ['mail.isp.test'], maxAge: 60 });
  await assert.rejects(mtaStsDestinations(stub, 'isp.test', exchangers, route, logger), (err: unknown) => {
    assert.ok(err instanceof MtaStsRefusal);
    assert.equal(err.status, '4.7.0');
    assert.equal(err.message, 'MTA-STS policy of isp.test (mode enforce, id id1) allows none of its MX hosts: mx1.isp.test, backup.other.test not matched by mx mail.isp.test');
    return true;
  });
});

test('testing keeps every MX host as opportunistic, marking which ones the policy lists', async () => {
  const got = await mtaStsDestinations(source({ mode: 'testing', mx: ['mx1.isp.test'], maxAge: 60 }), 'isp.test', exchangers, route, logger);
  assert.deepEqual(got.map((d) => [d.host, d.tls?.policy, d.tls?.caPem, d.tls?.mtaSts]), [
    ['mx1.isp.test', 'opportunistic', 'CA', { mode: 'testing', mxMatch: true }],
    ['backup.other.test', 'opportunistic', 'CA', { mode: 'testing', mxMatch: false }],
  ]);
});

test('mode none, no policy and an address literal are opportunistic without MTA-STS accounting', async () => {
  for (const policy of [{ mode: 'none' as const, mx: [], maxAge: 60 }, null]) {
    const got = await mtaStsDestinations(source(policy), 'isp.test', exchangers, route, logger);
    assert.deepEqual(got.map((d) => d.tls), [0, 1].map(() => ({ policy: 'opportunistic', caPem: null, fingerprints: [] })));
  }
  const literal = source({ mode: 'enforce', mx: ['x.test'], maxAge: 60 });
  const got = await mtaStsDestinations(literal, '[192.0.2.1]', [exchangers[0]], route, logger);
  assert.equal(got[0].tls?.policy, 'opportunistic');
  assert.deepEqual(literal.asked, [], 'no policy lookup for an address literal');
});
