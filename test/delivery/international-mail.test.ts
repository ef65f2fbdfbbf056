// SMTPUTF8, 8BITMIME and SIZE towards real next hops on loopback: what a sink that offers, and one that hides, each extension receives.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { parseReport } from './support/parse-report.ts';
import { remoteDomain, staticConfig, virtualServer } from './support/static-config.ts';

async function sink(t: TestContext, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  t.after(() => s.stop());
  return s;
}

/**
 * A virtual server whose smart host is `next`; reports to `xn--mnchen-3ya.de` (the remote domain is written with its
 * U-label, so routing compares canonical forms) and to `sender.test` go to `reports`, which offers every extension.
 */
async function relayTo(t: TestContext, next: SmtpSink): Promise<{ h: Harness; reports: SmtpSink }> {
  const reports = await sink(t);
  const vs = virtualServer('vs', { fqdn: 'relay.example', delivery: { smart_host: '127.0.0.1', smart_host_port: next.port } });
  const back = [
    remoteDomain('rd-idn', 'vs', 'münchen.de', { smart_host: '127.0.0.1', smart_host_port: reports.port }),
    remoteDomain('rd-ascii', 'vs', 'sender.test', { smart_host: '127.0.0.1', smart_host_port: reports.port }),
  ];
  return { h: startHarness(t, staticConfig([vs], back)), reports };
}

/** A message with CRLF line ends; `subject` and `body` may hold any bytes. */
function message(subject: string, body: string | Buffer, messageId: string): Buffer {
  const head = Buffer.from([`From: <sender@sender.test>`, `Subject: ${subject}`, `Message-ID: <${messageId}>`, 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', ''].join('\r\n'));
  return Buffer.concat([head, Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\r\n')]);
}

const mailLines = (s: SmtpSink) => s.commands.filter((l) => /^MAIL FROM:/i.test(l));
const rcptLines = (s: SmtpSink) => s.commands.filter((l) => /^RCPT TO:/i.test(l));

/** The one per-recipient block of the report `reports` received for the message with `messageId`. */
async function reportFor(reports: SmtpSink, messageId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const dsn = reports.messages.find((m) => m.raw.includes(messageId));
    if (dsn) {
      const [, rcpt] = parseReport(dsn.raw).statusBlocks;
      return { dsn, rcpt };
    }
    if (Date.now() > deadline) throw new Error(`no report about ${messageId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a UTF-8 local part goes with SMTPUTF8 to a hop that offers it; the Unicode domain as its A-label; the bytes unchanged', async (t) => {
  const next = await sink(t);
  const { h } = await relayTo(t, next);
  const data = message('Grüße aus München', 'Schöne Grüße, 8-bit body.', 'utf8-ok@sender.test');
  const id = await h.submit('vs', 'jörg@xn--mnchen-3ya.de', ['δοκιμή@far.test'], data, { smtputf8: true, body: '8BITMIME' });
  const [got] = await next.waitFor(1);
  await h.gone(id);
  assert.deepEqual(got.mailParameters, { SMTPUTF8: true, BODY: '8BITMIME' });
  assert.deepEqual(mailLines(next), ['MAIL FROM:<jörg@xn--mnchen-3ya.de> SMTPUTF8 BODY=8BITMIME']);
  assert.deepEqual(rcptLines(next), ['RCPT TO:<δοκιμή@far.test>']);
  assert.ok(got.raw.equals(data), 'the message arrives byte for byte');
});

test('a UTF-8 local part is never sent to a hop without SMTPUTF8: 5.6.7 and a report to the (UTF-8) sender', async (t) => {
  const next = await sink(t, { smtputf8: false });
  const { h, reports } = await relayTo(t, next);
  const id = await h.submit('vs', 'jörg@xn--mnchen-3ya.de', ['δοκιμή@far.test'],
    message('Grüße', 'body', 'utf8-refused@sender.test'), { smtputf8: true });
  const { dsn, rcpt } = await reportFor(reports, 'utf8-refused@sender.test');
  await h.gone(id);
  assert.equal(next.messages.length, 0);
  assert.deepEqual(mailLines(next), [], 'not even MAIL FROM went out');
  assert.deepEqual([rcpt.get('final-recipient'), rcpt.get('action'), rcpt.get('status')], ['rfc822; δοκιμή@far.test', 'failed', '5.6.7']);
  assert.match(rcpt.get('diagnostic-code') ?? '', /UTF-8 local part.*SMTPUTF8/);
  assert.deepEqual([dsn.from, dsn.mailParameters.SMTPUTF8], ['', true], 'the report itself needs SMTPUTF8 and gets it');
  assert.ok(rcptLines(reports).includes('RCPT TO:<jörg@xn--mnchen-3ya.de>'), 'to the sender, its domain as the A-label');
});

test('a Unicode domain alone goes as its A-label to a hop without SMTPUTF8, without the parameter', async (t) => {
  const next = await sink(t, { smtputf8: false });
  const { h } = await relayTo(t, next);
  const id = await h.submit('vs', 'sender@xn--mnchen-3ya.de', ['bob@xn--hxajbheg2az3al.example'], message('plain', 'plain', 'idn-domain@sender.test'), { smtputf8: true });
  const [got] = await next.waitFor(1);
  await h.gone(id);
  assert.equal(got.mailParameters.SMTPUTF8, undefined);
  assert.deepEqual(mailLines(next), ['MAIL FROM:<sender@xn--mnchen-3ya.de>']);
  assert.deepEqual(rcptLines(next), ['RCPT TO:<bob@xn--hxajbheg2az3al.example>']);
});

test('UTF-8 header fields (RFC 6532) behind an ASCII envelope: SMTPUTF8 is still sent, and a hop without it gets nothing (5.6.7)', async (t) => {
  const capable = await sink(t);
  const { h } = await relayTo(t, capable);
  const id = await h.submit('vs', 'sender@sender.test', ['bob@far.test'], message('Grüße', 'x', 'utf8-header@sender.test'), { smtputf8: true });
  await capable.waitFor(1);
  await h.gone(id);
  assert.match(mailLines(capable)[0], /^MAIL FROM:<sender@sender\.test> .*\bSMTPUTF8\b/);

  const legacy = await sink(t, { smtputf8: false });
  const other = await relayTo(t, legacy);
  const refused = await other.h.submit('vs', 'sender@sender.test', ['bob@far.test'], message('Grüße', 'x', 'utf8-header-2@sender.test'), { smtputf8: true });
  const { rcpt } = await reportFor(other.reports, 'utf8-header-2@sender.test');
  await other.h.gone(refused);
  assert.equal(rcpt.get('status'), '5.6.7');
  assert.match(rcpt.get('diagnostic-code') ?? '', /UTF-8 header fields/);
  assert.equal(legacy.messages.length, 0);
});

test('BODY=8BITMIME is passed on to a hop that offers 8BITMIME; 8-bit content without BODY is labelled too', async (t) => {
  const next = await sink(t);
  const { h } = await relayTo(t, next);
  const declared = message('8-bit', Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9]), '8bit-declared@sender.test');
  const undeclared = message('8-bit', Buffer.from([0xe9, 0x74, 0xe9]), '8bit-undeclared@sender.test');
  const ascii = message('7-bit', 'only ASCII', '7bit-declared@sender.test');
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], declared, { body: '8BITMIME' }));
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], undeclared));
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], ascii, { body: '8BITMIME' }));
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], ascii));
  const messages = await next.waitFor(4);
  assert.deepEqual(messages.map((m) => m.mailParameters.BODY), ['8BITMIME', '8BITMIME', '8BITMIME', undefined]);
  assert.ok(messages[0].raw.equals(declared) && messages[1].raw.equals(undeclared), '8-bit bytes arrive unchanged');
});

test('8-bit content to a hop without 8BITMIME: 5.6.3 and a report, nothing sent; declared 8BITMIME but 7-bit content goes as is', async (t) => {
  const next = await sink(t, { eightBitMime: false });
  const { h, reports } = await relayTo(t, next);
  const eightBit = await h.submit('vs', 'a@sender.test', ['b@far.test'], message('x', Buffer.from([0xc3, 0xa9]), '8bit-refused@sender.test'), { body: '8BITMIME' });
  const sneaky = await h.submit('vs', 'a@sender.test', ['c@far.test'], message('x', Buffer.from([0xe9]), '8bit-sneaky@sender.test'), { body: '7BIT' });
  const [first, second] = await Promise.all([reportFor(reports, '8bit-refused@sender.test'), reportFor(reports, '8bit-sneaky@sender.test')]);
  await Promise.all([h.gone(eightBit), h.gone(sneaky)]);
  for (const { rcpt } of [first, second]) {
    assert.equal(rcpt.get('status'), '5.6.3');
    assert.match(rcpt.get('diagnostic-code') ?? '', /8-bit content.*8BITMIME; conversion required but not supported/);
  }
  assert.equal(next.messages.length, 0);
  const ascii = message('x', 'plain ASCII after all', '7bit-to-7bit@sender.test');
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], ascii, { body: '8BITMIME' }));
  const [got] = await next.waitFor(1);
  assert.deepEqual([got.mailParameters.BODY, got.raw.equals(ascii)], [undefined, true]);
});

test('SIZE= goes to a hop that offers SIZE; a message over its limit fails 5.3.4 before MAIL FROM, and the connection serves the next', async (t) => {
  const limited = await sink(t, { size: 2048 });
  const { h, reports } = await relayTo(t, limited);
  const small = message('small', 'x'.repeat(500), 'size-small@sender.test');
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], small));
  const big = await h.submit('vs', 'a@sender.test', ['b@far.test'], message('big', 'y'.repeat(4000), 'size-big@sender.test'));
  const { rcpt } = await reportFor(reports, 'size-big@sender.test');
  await h.gone(big);
  assert.equal(rcpt.get('status'), '5.3.4');
  assert.match(rcpt.get('diagnostic-code') ?? '', /message too big for the next hop: \d+ bytes, it takes at most 2048/);
  await h.gone(await h.submit('vs', 'a@sender.test', ['b@far.test'], small));
  assert.deepEqual(limited.messages.map((m) => m.mailParameters.SIZE), [String(small.length), String(small.length)]);
  assert.equal(mailLines(limited).length, 2, 'the big one never got to MAIL FROM');
  assert.equal(limited.connections, 1, 'the refusal kept the connection for the next message');

  const unlimited = await sink(t);
  const other = await relayTo(t, unlimited);
  await other.h.gone(await other.h.submit('vs', 'a@sender.test', ['b@far.test'], small));
  assert.equal(unlimited.messages[0].mailParameters.SIZE, undefined, 'no SIZE= to a hop that does not offer SIZE');
});
