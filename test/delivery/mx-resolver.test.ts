// The MX resolver against a fake DNS server on loopback: ordering, implicit MX, null MX, missing domains, literals.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { MxResolver, PermanentDnsError } from '../../relay-service/src/delivery/mx-resolver.ts';
import { startFakeDns, type DnsTable } from '../support/fake-dns.ts';

async function resolverFor(t: TestContext, table: DnsTable): Promise<MxResolver> {
  const dns = await startFakeDns(table);
  t.after(() => dns.stop());
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  return new MxResolver(resolver, 2525);
}

test('exchangers come in preference order, every address of each host, on the configured port', async (t) => {
  const mx = await resolverFor(t, {
    mx: { 'a.test': [{ priority: 30, exchange: 'c.a.test' }, { priority: 10, exchange: 'b.a.test' }] },
    a: { 'b.a.test': ['127.0.0.5', '127.0.0.6'], 'c.a.test': ['127.0.0.7'] },
  });
  assert.deepEqual((await mx.exchangers('a.test')).map((e) => `${e.host}/${e.address}:${e.port}`),
    ['b.a.test/127.0.0.5:2525', 'b.a.test/127.0.0.6:2525', 'c.a.test/127.0.0.7:2525']);
});

test('IPv4 addresses come before IPv6 ones; an IPv6-only host is reachable', async (t) => {
  const mx = await resolverFor(t, { a: { 'dual.test': ['127.0.0.11'] }, aaaa: { 'dual.test': ['::1'], 'six.test': ['::1'] } });
  assert.deepEqual((await mx.exchangers('dual.test')).map((e) => e.address), ['127.0.0.11', '::1']);
  assert.deepEqual((await mx.exchangers('six.test')).map((e) => e.address), ['::1']);
});

test('an MX host without an address is skipped when another one has one', async (t) => {
  const mx = await resolverFor(t, {
    mx: { 'a.test': [{ priority: 10, exchange: 'gone.a.test' }, { priority: 20, exchange: 'ok.a.test' }] },
    a: { 'ok.a.test': ['127.0.0.8'] },
  });
  assert.deepEqual((await mx.exchangers('a.test')).map((e) => e.host), ['ok.a.test']);
});

test('no MX record: the domain itself is the exchanger (implicit MX)', async (t) => {
  const mx = await resolverFor(t, { a: { 'flat.test': ['127.0.0.9'] } });
  assert.deepEqual(await mx.exchangers('flat.test'), [{ host: 'flat.test', address: '127.0.0.9', port: 2525 }]);
});

test('a null MX (RFC 7505) and a domain that does not exist are permanent, with their own status codes', async (t) => {
  const mx = await resolverFor(t, { mx: { 'nomail.test': [{ priority: 0, exchange: '.' }] } });
  await assert.rejects(mx.exchangers('nomail.test'), (err: unknown) => err instanceof PermanentDnsError && err.status === '5.1.10');
  await assert.rejects(mx.exchangers('missing.test'), (err: unknown) => err instanceof PermanentDnsError && err.status === '5.1.2');
});

test('an address literal needs no DNS at all', async () => {
  const noDns = () => Promise.reject(new Error('no DNS'));
  const mx = new MxResolver({ resolveMx: noDns, resolve4: noDns, resolve6: noDns }, 2525);
  assert.deepEqual(await mx.exchangers('[127.0.0.10]'), [{ host: '127.0.0.10', address: '127.0.0.10', port: 2525 }]);
});

test('a DNS server that does not answer is a temporary error, not a permanent one', async (t) => {
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => silent.close(() => resolve())));
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${silent.address().port}`]);
  const mx = new MxResolver(resolver, 2525);
  await assert.rejects(mx.exchangers('a.test'), (err: unknown) => !(err instanceof PermanentDnsError));
});
