// Tests for the fake DNS responder through node's real resolver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { startFakeDns } from './fake-dns.ts';

test('answers PTR, A, AAAA and MX from its table and NXDOMAIN otherwise', async (t) => {
  const fake = await startFakeDns({
    ptr: { '127.0.0.2': 'mail.trusted.test', '::1': 'six.trusted.test' },
    a: { 'mail.trusted.test': ['127.0.0.2'] },
    aaaa: { 'six.trusted.test': ['::1'] },
    mx: { 'far.test': [{ priority: 10, exchange: 'mx.far.test' }] },
  });
  t.after(() => fake.stop());
  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([fake.server]);
  assert.deepEqual(await resolver.reverse('127.0.0.2'), ['mail.trusted.test']);
  assert.deepEqual(await resolver.reverse('::1'), ['six.trusted.test']);
  assert.deepEqual(await resolver.resolve4('mail.trusted.test'), ['127.0.0.2']);
  assert.deepEqual(await resolver.resolve6('six.trusted.test'), ['::1']);
  assert.deepEqual(await resolver.resolveMx('far.test'), [{ priority: 10, exchange: 'mx.far.test' }]);
  await assert.rejects(resolver.reverse('127.0.0.9'), { code: 'ENOTFOUND' });
  fake.table.ptr!['127.0.0.9'] = 'late.test';
  assert.deepEqual(await resolver.reverse('127.0.0.9'), ['late.test']);
  assert.ok(fake.queries.includes('PTR 2.0.0.127.in-addr.arpa'));
});

test('answers TXT records as their character-strings, splitting long strings at 255 bytes', async (t) => {
  const long = `v=STSv1; id=${'a'.repeat(300)};`;
  const fake = await startFakeDns({
    txt: { '_mta-sts.far.test': ['v=STSv1; id=20260101;', ['v=STSv1; ', 'id=two;']], 'long.far.test': [long] },
    a: { 'only-a.far.test': ['127.0.0.5'] },
  });
  t.after(() => fake.stop());
  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([fake.server]);
  assert.deepEqual(await resolver.resolveTxt('_mta-sts.far.test'), [['v=STSv1; id=20260101;'], ['v=STSv1; ', 'id=two;']]);
  const [pieces] = await resolver.resolveTxt('long.far.test');
  assert.deepEqual(pieces.map((p) => p.length), [255, long.length - 255]);
  assert.equal(pieces.join(''), long);
  await assert.rejects(resolver.resolveTxt('only-a.far.test'), { code: 'ENODATA' });
  await assert.rejects(resolver.resolveTxt('_mta-sts.nowhere.test'), { code: 'ENOTFOUND' });
  assert.ok(fake.queries.includes('TXT _mta-sts.far.test'));
});
