// Non-delivery reports end to end: a failing next hop, the DSN routed back to the sender's own domain sink.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { parseReport } from './support/parse-report.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';

/** A virtual server whose default route is `remote`, with `sender.test` routed to the `senders` sink. */
async function setup(t: TestContext, remotePort: number, delivery: Partial<VirtualServer['delivery']> = {}, ndr?: VirtualServer['ndr']) {
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const vs = virtualServer('vs', { fqdn: 'relay.example', delivery: { smart_host: '127.0.0.1', smart_host_port: remotePort, ...delivery }, ndr });
  const back = remoteDomain('rd-back', 'vs', 'sender.test', { smart_host: '127.0.0.1', smart_host_port: senders.port });
  return { senders, h: startHarness(t, staticConfig([vs], [back])) };
}

/** Retries every 0.3 s and gives up after 1.44 s: a deferral becomes a failure report within a test's time. */
const expiresFast = { retry_intervals_minutes: [0.005], expiration_hours: 0.0004 };

function rejectNobody(): Parameters<typeof startSmtpSink>[0] {
  return { rcptReply: (address) => (address.startsWith('nobody@') ? '550 5.1.1 No such user here' : null) };
}

test('a 5xx for one recipient bounces that recipient only, as an RFC 3464 report with the null sender', async (t) => {
  const remote = await startSmtpSink(rejectNobody());
  t.after(() => remote.stop());
  const { senders, h } = await setup(t, remote.port);
  const id = await h.submit('vs', 'alice@sender.test', ['nobody@remote.test', 'ok@remote.test'],
    testMessage('alice@sender.test', ['nobody@remote.test', 'ok@remote.test'], 'orig-1@sender.test', 'Quarterly numbers'));
  const [[delivered], [dsn]] = await Promise.all([remote.waitFor(1), senders.waitFor(1)]);
  await h.gone(id);

  assert.deepEqual(delivered.to, ['ok@remote.test']);
  assert.equal(dsn.from, '', 'reports go out with MAIL FROM:<>');
  assert.deepEqual(dsn.to, ['alice@sender.test']);
  const report = parseReport(dsn.raw);
  assert.match(report.contentType, /^multipart\/report;\s*report-type=delivery-status;/);
  assert.equal(report.headers.get('auto-submitted'), 'auto-replied');
  assert.deepEqual(report.parts.map((p) => p.contentType.split(';')[0]), ['text/plain', 'message/delivery-status', 'text/rfc822-headers']);
  const [perMessage, ...perRecipient] = report.statusBlocks;
  assert.equal(perMessage.get('reporting-mta'), 'dns; relay.example');
  assert.ok(perMessage.get('arrival-date'));
  assert.equal(perRecipient.length, 1);
  assert.equal(perRecipient[0].get('final-recipient'), 'rfc822; nobody@remote.test');
  assert.equal(perRecipient[0].get('action'), 'failed');
  assert.equal(perRecipient[0].get('status'), '5.1.1');
  assert.equal(perRecipient[0].get('diagnostic-code'), 'smtp; 550 5.1.1 No such user here');
  assert.equal(perRecipient[0].get('remote-mta'), 'dns; [127.0.0.1]', 'the smart host is an address: an address literal, no bare address where a name belongs');
  assert.match(report.parts[2].body, /^Message-ID: <orig-1@sender\.test>$/m);
  assert.match(report.parts[2].body, /^Subject: Quarterly numbers$/m);
  assert.doesNotMatch(report.parts[2].body, /Hello\./, 'only the headers of the original come back');
});

test('ndr.send_copy_to gets a copy of the report; the null sender never gets one', async (t) => {
  const remote = await startSmtpSink(rejectNobody());
  t.after(() => remote.stop());
  const { senders, h } = await setup(t, remote.port, {}, { send_copy_to: 'postmaster@sender.test' });
  const silent = await h.submit('vs', '', ['nobody@remote.test'], testMessage('', ['nobody@remote.test'], 'null-1@sender.test'));
  await h.gone(silent);
  const loud = await h.submit('vs', 'bob@sender.test', ['nobody@remote.test'], testMessage('bob@sender.test', ['nobody@remote.test'], 'bob-1@sender.test'));
  const [dsn] = await senders.waitFor(1);
  await h.gone(loud);
  await h.until('the report to leave the queue', async () => ((await h.queue.count()).fresh + (await h.queue.count()).deferred === 0 ? true : undefined));

  assert.equal(senders.messages.length, 1, 'exactly one report: none for the null-sender message');
  assert.deepEqual(dsn.to, ['bob@sender.test', 'postmaster@sender.test']);
  assert.match(parseReport(dsn.raw).parts[2].body, /bob-1@sender\.test/);
});

test('TLS required but not offered defers the recipient, then reports "TLS level mismatch" 5.7.4 at expiry; nothing in clear text', async (t) => {
  const plain = await startSmtpSink();
  t.after(() => plain.stop());
  const { senders, h } = await setup(t, plain.port, { outbound_security: { ...outboundSecurityDefaults(), tls: true }, ...expiresFast });
  const id = await h.submit('vs', 'carol@sender.test', ['dave@remote.test'], testMessage('carol@sender.test', ['dave@remote.test'], 'tls-1@sender.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await h.gone(id);
  assert.equal(plain.messages.length, 0);
  const [, rcpt] = parseReport(dsn.raw).statusBlocks;
  assert.equal(rcpt.get('final-recipient'), 'rfc822; dave@remote.test');
  assert.equal(rcpt.get('action'), 'failed');
  assert.equal(rcpt.get('status'), '5.7.4');
  assert.match(rcpt.get('diagnostic-code') ?? '', /TLS level mismatch \(tls_policy encrypt\): the next hop does not offer STARTTLS/);
  assert.deepEqual(plain.verbs.filter((c) => ['MAIL', 'RCPT', 'DATA'].includes(c)), []);
});

test('a remote domain with require_tls defers (and at expiry reports) on a handshake-less host though the server does not require TLS', async (t) => {
  const plain = await startSmtpSink();
  t.after(() => plain.stop());
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const vs = virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: plain.port, ...expiresFast } });
  const strict = remoteDomain('rd-strict', 'vs', '*.strict.test', { require_tls: true });
  const back = remoteDomain('rd-back', 'vs', 'sender.test', { smart_host: '127.0.0.1', smart_host_port: senders.port });
  const h = startHarness(t, staticConfig([vs], [strict, back]));
  const id = await h.submit('vs', 'erin@sender.test', ['x@mail.strict.test', 'y@open.test'], testMessage('erin@sender.test', ['x@mail.strict.test'], 'tls-2@sender.test'));
  const [[dsn], [clear]] = await Promise.all([senders.waitFor(1, 15_000), plain.waitFor(1)]);
  await h.gone(id);
  assert.deepEqual(clear.to, ['y@open.test']);
  const recipients = parseReport(dsn.raw).statusBlocks.slice(1);
  assert.deepEqual(recipients.map((r) => [r.get('final-recipient'), r.get('status')]), [['rfc822; x@mail.strict.test', '5.7.4']]);
});

test('a message that cannot be delivered before expiration_hours bounces with 4.4.7 and the last error', async (t) => {
  const deadPort = await freePort();
  const { senders, h } = await setup(t, deadPort, { retry_intervals_minutes: [0.005], expiration_hours: 0.0004 });
  const id = await h.submit('vs', 'frank@sender.test', ['gone@remote.test'], testMessage('frank@sender.test', ['gone@remote.test'], 'exp-1@sender.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await h.gone(id);
  const [, rcpt] = parseReport(dsn.raw).statusBlocks;
  assert.equal(rcpt.get('action'), 'failed');
  assert.equal(rcpt.get('status'), '4.4.7');
  assert.match(rcpt.get('diagnostic-code') ?? '', /expired after 0\.0004 hours.*ECONNREFUSED/);
});

test('a delay notification goes out once after delay_notification_hours while the relay keeps retrying', async (t) => {
  const deadPort = await freePort();
  const { senders, h } = await setup(t, deadPort, { retry_intervals_minutes: [0.004], expiration_hours: 1, delay_notification_hours: 0.0001 });
  const id = await h.submit('vs', 'gina@sender.test', ['later@remote.test'], testMessage('gina@sender.test', ['later@remote.test'], 'delay-1@sender.test'));
  const [dsn] = await senders.waitFor(1);
  const queued = await h.deferred(id, 4, 10_000);
  assert.equal(queued.delay_notified, true);
  assert.equal(senders.messages.length, 1, 'one delay notice, not one per attempt');
  const report = parseReport(dsn.raw);
  assert.match(report.headers.get('subject') ?? '', /Delay/);
  const [, rcpt] = report.statusBlocks;
  assert.equal(rcpt.get('action'), 'delayed');
  assert.match(rcpt.get('status') ?? '', /^4\./);
  assert.ok(rcpt.get('will-retry-until'));
});

test('a report to a sender in local_domains is dropped into the drop directory, not sent out', async (t) => {
  const remote = await startSmtpSink(rejectNobody());
  t.after(() => remote.stop());
  const drop = mkdtempSync(join(tmpdir(), 'relay-drop-'));
  t.after(() => rmSync(drop, { recursive: true, force: true }));
  const vs = virtualServer('vs', { local_domains: ['corp.test'], drop_directory: drop, delivery: { smart_host: '127.0.0.1', smart_host_port: remote.port } });
  const h = startHarness(t, staticConfig([vs]));
  const id = await h.submit('vs', 'app@corp.test', ['nobody@remote.test'], testMessage('app@corp.test', ['nobody@remote.test'], 'local-ndr@corp.test'));
  await h.gone(id);
  const files = await h.until('a drop file', async () => {
    const eml = readdirSync(drop).filter((f) => f.endsWith('.eml'));
    return eml.length > 0 ? eml : undefined;
  });
  assert.equal(files.length, 1);
  const dropped = readFileSync(join(drop, files[0]), 'utf8');
  assert.match(dropped, /^X-Sender: \r\nX-Receiver: app@corp\.test\r\n/);
  assert.match(dropped, /^Final-Recipient: rfc822; nobody@remote\.test$/m);
  assert.equal(remote.messages.length, 0);
});

test('the delay notice is not held back by a long retry interval: the next attempt is pulled forward to its time', async (t) => {
  const deadPort = await freePort();
  const { senders, h } = await setup(t, deadPort, { retry_intervals_minutes: [60], expiration_hours: 48, delay_notification_hours: 0.0002 });
  const id = await h.submit('vs', 'hank@sender.test', ['wait@remote.test'], testMessage('hank@sender.test', ['wait@remote.test'], 'delay-2@sender.test'));
  const first = await h.deferred(id);
  assert.ok(first.next_attempt_at.getTime() - first.received_at.getTime() <= 720 + 5, 'second attempt at the notice time, not in an hour');
  const [dsn] = await senders.waitFor(1, 5_000);
  assert.match(parseReport(dsn.raw).statusBlocks[1]?.get('action') ?? '', /^delayed$/);
  const later = await h.deferred(id, 2);
  assert.ok(later.next_attempt_at.getTime() - Date.now() > 50 * 60_000, 'after the notice the schedule is back to 60 minutes');
});

test('a STARTTLS handshake that fails is a TLS level mismatch (5.7.5 at expiry) when TLS is required, and falls back to clear text when not', async (t) => {
  const oldTls = await startSmtpSink({ tls: { maxVersion: 'TLSv1.1' } });
  t.after(() => oldTls.stop());
  const senders = await startSmtpSink();
  t.after(() => senders.stop());
  const vs = virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: oldTls.port, ...expiresFast } });
  const strict = remoteDomain('strict', 'vs', 'strict.test', { smart_host: '127.0.0.1', smart_host_port: oldTls.port, require_tls: true });
  const back = remoteDomain('rd-back', 'vs', 'sender.test', { smart_host: '127.0.0.1', smart_host_port: senders.port });
  const h = startHarness(t, staticConfig([vs], [strict, back]));
  const id = await h.submit('vs', 'ivy@sender.test', ['j@strict.test', 'k@lax.test'], testMessage('ivy@sender.test', ['j@strict.test', 'k@lax.test'], 'tls-3@sender.test'));
  const [[dsn], [clear]] = await Promise.all([senders.waitFor(1, 15_000), oldTls.waitFor(1)]);
  await h.gone(id);
  assert.deepEqual([clear.to, clear.secure], [['k@lax.test'], false]);
  const recipients = parseReport(dsn.raw).statusBlocks.slice(1);
  assert.deepEqual(recipients.map((r) => [r.get('final-recipient'), r.get('status')]), [['rfc822; j@strict.test', '5.7.5']]);
  assert.match(recipients[0].get('diagnostic-code') ?? '', /TLS level mismatch \(tls_policy encrypt\): TLS handshake failed/);
});
