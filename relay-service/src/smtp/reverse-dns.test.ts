// Tests for confirmedHostname against the fake DNS and a DNS server that never answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { startFakeDns } from '../../../test/support/fake-dns.ts';
import { confirmedHostname } from './reverse-dns.ts';

test('a PTR name counts only when its A/AAAA record points back at the client', async (t) => {
  const fake = await startFakeDns({
    ptr: { '127.0.0.5': 'Mail.Trusted.Test.', '127.0.0.6': 'liar.trusted.test', '::1': 'six.trusted.test' },
    a: { 'mail.trusted.test': ['127.0.0.5'], 'liar.trusted.test': ['192.0.2.1'] },
    aaaa: { 'six.trusted.test': ['0:0:0:0:0:0:0:1'] },
  });
  t.after(() => fake.stop());
  const resolver = new dns.Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([fake.server]);
  assert.equal(await confirmedHostname(resolver, '127.0.0.5', 2000), 'mail.trusted.test');
  assert.equal(await confirmedHostname(resolver, '127.0.0.6', 2000), null);
  assert.equal(await confirmedHostname(resolver, '127.0.0.7', 2000), null);
  assert.equal(await confirmedHostname(resolver, '::1', 2000), 'six.trusted.test');
  assert.equal(await confirmedHostname(resolver, 'not-an-ip', 2000), null);
});

test('a DNS server that never answers costs at most the timeout', async (t) => {
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  const resolver = new dns.Resolver({ timeout: 5000, tries: 1 });
  resolver.setServers([`127.0.0.1:${silent.address().port}`]);
  const started = Date.now();
  assert.equal(await confirmedHostname(resolver, '127.0.0.5', 300), null);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 250 && elapsed < 1500, `took ${elapsed} ms`);
  resolver.cancel();
});
