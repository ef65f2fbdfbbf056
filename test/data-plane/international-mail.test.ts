// Internationalized mail through real listeners: A-label and U-label domains, SMTPUTF8 (RFC 6531), 8BITMIME, the Received protocol.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

async function server(fields: Record<string, unknown>) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: `intl-${port}`, port, fqdn: 'mx.relay.test', ...fields });
  await waitForListener(port);
  return { port, vs };
}

async function dialog(t: TestContext, port: number): Promise<SmtpDialog> {
  const { dialog: d } = await SmtpDialog.open('127.0.0.1', port);
  t.after(() => d.close());
  return d;
}

/** The drop files of a virtual server, read as UTF-8, waiting briefly for `count` of them. */
async function dropFiles(directory: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const names = (() => { try { return readdirSync(directory).filter((n) => n.endsWith('.eml')).sort(); } catch { return []; } })();
    if (names.length >= count || Date.now() > deadline) return names.map((n) => readFileSync(join(directory, n), 'utf8'));
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('EHLO offers SMTPUTF8, 8BITMIME and SIZE', async (t) => {
  const { port } = await server({});
  const d = await dialog(t, port);
  const ehlo = (await d.command('EHLO client.test')).text.split('\n');
  for (const keyword of ['SMTPUTF8', '8BITMIME', 'SIZE 10485760']) assert.ok(ehlo.includes(keyword), `${keyword} in ${ehlo.join(', ')}`);
});

test('swaks: an A-label domain is plain ASCII and accepted without SMTPUTF8; a U-label domain without it is 553 5.6.7', async () => {
  const { port, vs } = await server({ local_domains: ['corp.test'] });
  const aLabel = await swaks(`127.0.0.1:${port}`, ['--ehlo', 'client.test', '--from', 'sender@xn--mnchen-3ya.de', '--to', 'bob@corp.test']);
  assert.ok(serverReplies(aLabel).some((l) => /^250 2\.0\.0 Ok: queued as /.test(l)), aLabel.transcript);
  const [eml] = await dropFiles(vs.drop_directory, 1);
  assert.match(eml, /^X-Sender: sender@xn--mnchen-3ya\.de\r\nX-Receiver: bob@corp\.test\r\n/);
  const uLabel = await swaks(`127.0.0.1:${port}`, ['--ehlo', 'client.test', '--from', 'sender@münchen.de', '--to', 'bob@corp.test']);
  assert.ok(serverReplies(uLabel).includes('553 5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter'), uLabel.transcript);
});

test('local_domains given as U-label match an A-label recipient, and given as A-label a U-label one; both stored as A-labels', async (t) => {
  const { port, vs } = await server({ local_domains: ['münchen.de', 'xn--hxajbheg2az3al.example'] });
  const d = await dialog(t, port);
  await d.command('EHLO client.test');
  assert.equal((await d.command('MAIL FROM:<a@sender.test>')).code, 250);
  assert.equal((await d.command('RCPT TO:<bob@xn--mnchen-3ya.de>')).line, '250 2.1.5 Accepted');
  assert.equal((await d.command('DATA')).code, 354);
  assert.match((await d.send('Subject: a-label\r\n\r\nhi\r\n.\r\n')).line, /^250 2\.0\.0 Ok: queued as /);
  assert.equal((await d.command('MAIL FROM:<a@sender.test> SMTPUTF8')).code, 250);
  assert.equal((await d.command('RCPT TO:<eve@παράδειγμα.example>')).line, '250 2.1.5 Accepted');
  assert.equal((await d.command('RCPT TO:<bob@MÜNCHEN.de>')).line, '250 2.1.5 Accepted');
  assert.equal((await d.command('RCPT TO:<bob@xn--mnchen-3ya.de>')).line, '250 2.1.5 Accepted');
  assert.equal((await d.command('DATA')).code, 354);
  assert.match((await d.send('Subject: u-label\r\n\r\nhi\r\n.\r\n')).line, /^250 2\.0\.0 Ok: queued as /);
  const [first, second] = await dropFiles(vs.drop_directory, 2).then((files) => files.sort((a) => (a.includes('a-label') ? -1 : 1)));
  assert.match(first, /^X-Sender: a@sender\.test\r\nX-Receiver: bob@xn--mnchen-3ya\.de\r\nReceived: /);
  assert.match(second, /^X-Sender: a@sender\.test\r\nX-Receiver: eve@xn--hxajbheg2az3al\.example\r\nX-Receiver: bob@xn--mnchen-3ya\.de\r\nReceived: /,
    'one recipient given in both forms is one recipient');
  assert.match(second, /\(Relayform\) with UTF8SMTP id /);
  assert.equal(fx.sink.messages.filter((m) => m.to.some((r) => r.includes('mnchen'))).length, 0, 'local mail is not relayed');
});

test('a UTF-8 local part without SMTPUTF8 is 553 5.6.7 for MAIL FROM and RCPT TO; with SMTPUTF8 it is taken', async (t) => {
  const { port } = await server({ local_domains: ['corp.test'] });
  const d = await dialog(t, port);
  await d.command('EHLO client.test');
  assert.equal((await d.command('MAIL FROM:<jörg@sender.test>')).line, '553 5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter');
  assert.equal((await d.command('MAIL FROM:<a@sender.test>')).code, 250);
  assert.equal((await d.command('RCPT TO:<δοκιμή@corp.test>')).line, '553 5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter');
  assert.equal((await d.command('RSET')).code, 250);
  assert.equal((await d.command('MAIL FROM:<jörg@sender.test> SMTPUTF8')).code, 250);
  assert.equal((await d.command('RCPT TO:<δοκιμή@corp.test>')).code, 250);
  assert.match((await d.command('RCPT TO:<x@xn--abc-.test>')).line, /^5\d\d 5\.1\.3 /, 'a fake A-label is no address');
});

test('relayed: SMTPUTF8 and BODY=8BITMIME reach the next hop with the A-label domain; Received says UTF8SMTP', async (t) => {
  const next: SmtpSink = await startSmtpSink();
  t.after(() => next.stop());
  const { port } = await server({ relay_control: { mode: 'all_except_listed' }, delivery: { smart_host: '127.0.0.1', smart_host_port: next.port } });
  const d = await dialog(t, port);
  await d.command('EHLO client.test');
  assert.equal((await d.command('MAIL FROM:<jörg@münchen.de> SMTPUTF8 BODY=8BITMIME')).code, 250);
  assert.equal((await d.command('RCPT TO:<δοκιμή@παράδειγμα.example>')).code, 250);
  assert.equal((await d.command('DATA')).code, 354);
  const body = Buffer.concat([Buffer.from('Subject: Grüße\r\nMessage-ID: <intl-relay@sender.test>\r\n\r\n'), Buffer.from([0xc3, 0xa9, 0x0d, 0x0a])]);
  assert.match((await d.send(Buffer.concat([body, Buffer.from('.\r\n')]))).line, /^250 2\.0\.0 Ok: queued as /);
  const [got] = await next.waitFor(1);
  assert.deepEqual([got.mailParameters.SMTPUTF8, got.mailParameters.BODY], [true, '8BITMIME']);
  assert.deepEqual(next.commands.filter((l) => /^(MAIL|RCPT)/.test(l)), ['MAIL FROM:<jörg@xn--mnchen-3ya.de> SMTPUTF8 BODY=8BITMIME', 'RCPT TO:<δοκιμή@xn--hxajbheg2az3al.example>']);
  assert.match(got.raw.toString('utf8'), /^Received: from client\.test \(\[127\.0\.0\.1\]\)\r\n\tby mx\.relay\.test \(Relayform\) with UTF8SMTP id \S+\r\n\tfor <δοκιμή@xn--hxajbheg2az3al\.example>;/);
  assert.ok(got.raw.subarray(got.raw.length - body.length).equals(body), 'the 8-bit message arrives byte for byte after the Received header');
});
