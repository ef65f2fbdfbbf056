// MX routing through a fake DNS server on loopback: preference order, fallback to the next MX, implicit MX (A record).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { MxResolver } from '../../relay-service/src/delivery/mx-resolver.ts';
import { startFakeDns, type DnsTable } from '../support/fake-dns.ts';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

/** Mail exchangers on 127.0.0.2 (preference 10) and 127.0.0.3 (preference 20), both on one port as port 25 would be. */
async function dnsFor(t: TestContext, table: DnsTable, port: number) {
  const dns = await startFakeDns(table);
  t.after(() => dns.stop());
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  return { dns, mx: new MxResolver(resolver, port) };
}

const twoMx: DnsTable = {
  mx: { 'mx.test': [{ priority: 20, exchange: 'backup.mx.test' }, { priority: 10, exchange: 'primary.mx.test' }] },
  a: { 'primary.mx.test': ['127.0.0.2'], 'backup.mx.test': ['127.0.0.3'] },
};

test('mail goes to the most preferred MX host', async (t) => {
  const port = await freePort('127.0.0.2');
  const primary = await startSmtpSink({ host: '127.0.0.2', port });
  const backup = await startSmtpSink({ host: '127.0.0.3', port });
  t.after(() => Promise.all([primary.stop(), backup.stop()]));
  const { dns, mx } = await dnsFor(t, twoMx, port);
  const h = startHarness(t, staticConfig([virtualServer('vs')]), mx);
  const id = await h.submit('vs', 'a@client.test', ['u@mx.test'], testMessage('a@client.test', ['u@mx.test'], 'mx-1@client.test'));
  await primary.waitFor(1);
  await h.gone(id);
  assert.equal(backup.messages.length, 0);
  assert.ok(dns.queries.includes('MX mx.test'));
});

test('when the preferred MX refuses connections, the next one gets the mail', async (t) => {
  const port = await freePort('127.0.0.3');
  const backup = await startSmtpSink({ host: '127.0.0.3', port });
  t.after(() => backup.stop());
  const { mx } = await dnsFor(t, twoMx, port);
  const h = startHarness(t, staticConfig([virtualServer('vs')]), mx);
  const id = await h.submit('vs', 'a@client.test', ['u@mx.test'], testMessage('a@client.test', ['u@mx.test'], 'mx-2@client.test'));
  const [got] = await backup.waitFor(1);
  await h.gone(id);
  assert.deepEqual(got.to, ['u@mx.test']);
});

test('a domain without MX records is delivered to its A record; a remote domain without smart host also uses DNS', async (t) => {
  const port = await freePort('127.0.0.4');
  const implicit = await startSmtpSink({ host: '127.0.0.4', port });
  t.after(() => implicit.stop());
  const { mx } = await dnsFor(t, { a: { 'plain.test': ['127.0.0.4'] } }, port);
  const vs = virtualServer('vs');
  const h = startHarness(t, staticConfig([vs], [remoteDomain('rd', 'vs', 'plain.test', { require_tls: false })]), mx);
  const id = await h.submit('vs', 'a@client.test', ['u@plain.test'], testMessage('a@client.test', ['u@plain.test'], 'mx-3@client.test'));
  await implicit.waitFor(1);
  await h.gone(id);
});

test('a domain that does not exist fails at once (5.1.2) instead of retrying for days', async (t) => {
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const { mx } = await dnsFor(t, {}, 25);
  const vs = virtualServer('vs');
  const back = remoteDomain('back', 'vs', 'sender.test', { smart_host: '127.0.0.1', smart_host_port: senders.port });
  const h = startHarness(t, staticConfig([vs], [back]), mx);
  const id = await h.submit('vs', 'me@sender.test', ['u@nowhere.test'], testMessage('me@sender.test', ['u@nowhere.test'], 'mx-4@sender.test'));
  const [dsn] = await senders.waitFor(1);
  await h.gone(id);
  assert.match(dsn.raw.toString(), /^Status: 5\.1\.2$/m);
});

test('an IPv6-only domain is delivered over IPv6', async (t) => {
  const port = await freePort('::1');
  const six = await startSmtpSink({ host: '::1', port });
  t.after(() => six.stop());
  const { mx } = await dnsFor(t, { aaaa: { 'six.test': ['::1'] } }, port);
  const h = startHarness(t, staticConfig([virtualServer('vs')]), mx);
  const id = await h.submit('vs', 'a@client.test', ['u@six.test'], testMessage('a@client.test', ['u@six.test'], 'mx-6@client.test'));
  await six.waitFor(1);
  await h.gone(id);
});
