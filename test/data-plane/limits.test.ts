// Limits through real listeners: SIZE, recipients per message, connections, messages per connection, idle timeout, syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

async function server(limits: Record<string, number>) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: `limits-${port}`, port, local_domains: ['corp.test'], limits });
  await waitForListener(port);
  return { port, vs };
}

async function session(port: number, mail = true) {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  const ehlo = await dialog.command('EHLO client.test');
  if (mail) assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).code, 250);
  return { dialog, ehlo };
}

test('SIZE is advertised and enforced: 552 5.3.4 on MAIL SIZE= and on DATA, nothing stored', async () => {
  const { port, vs } = await server({ max_message_size_kb: 2 });
  const { dialog, ehlo } = await session(port, false);
  try {
    assert.ok(ehlo.text.split('\n').includes('SIZE 2048'), ehlo.text);
    assert.match((await dialog.command('MAIL FROM:<a@sender.test> SIZE=4096')).line, /^552 5\.3\.4 /);
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).code, 250);
    assert.equal((await dialog.command('RCPT TO:<bob@corp.test>')).code, 250);
    assert.equal((await dialog.command('DATA')).code, 354);
    assert.match((await dialog.send(`Subject: big\r\n\r\n${'x'.repeat(3000)}\r\n.\r\n`)).line, /^552 5\.3\.4 Message size exceeds/);
  } finally {
    dialog.close();
  }
  assert.ok(!existsSync(vs.drop_directory) || readdirSync(vs.drop_directory).length === 0);
  const result = await swaks(`127.0.0.1:${port}`, ['--from', 'a@sender.test', '--to', 'bob@corp.test', '--body', 'y'.repeat(4000)]);
  assert.ok(serverReplies(result).some((l) => /^552 5\.3\.4 /.test(l)), result.transcript);
});

test('recipients per message: the one over the limit gets 452 4.5.3', async () => {
  const { port } = await server({ max_recipients_per_message: 2 });
  const { dialog } = await session(port);
  try {
    assert.equal((await dialog.command('RCPT TO:<a@corp.test>')).code, 250);
    assert.equal((await dialog.command('RCPT TO:<b@corp.test>')).code, 250);
    assert.equal((await dialog.command('RCPT TO:<c@corp.test>')).line, '452 4.5.3 Too many recipients');
  } finally {
    dialog.close();
  }
  const info = await nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true })
    .sendMail({ from: 'a@sender.test', to: ['a@corp.test', 'b@corp.test', 'c@corp.test'], text: 'three' }).catch((e: Error) => e);
  assert.ok(info instanceof Error || info.rejected.length === 1, 'nodemailer sees the third recipient refused');
});

test('max_connections: the connection over the limit gets 421 4.7.0 and is closed', async () => {
  const { port } = await server({ max_connections: 2 });
  const open = [await SmtpDialog.open('127.0.0.1', port), await SmtpDialog.open('127.0.0.1', port)];
  try {
    const third = await SmtpDialog.open('127.0.0.1', port);
    assert.equal(third.greeting.line, '421 4.7.0 Too many connections, try again later');
    assert.equal(await third.dialog.waitClosed(), true);
    third.dialog.close();
  } finally {
    open.forEach((o) => o.dialog.close());
  }
  await new Promise((r) => setTimeout(r, 100));
  const again = await SmtpDialog.open('127.0.0.1', port);
  assert.equal(again.greeting.code, 220, 'a slot frees up when a client leaves');
  again.dialog.close();
});

test('messages per connection: the MAIL over the limit gets 421 4.7.0', async () => {
  const { port } = await server({ max_messages_per_connection: 1 });
  const { dialog } = await session(port);
  try {
    assert.equal((await dialog.command('RCPT TO:<bob@corp.test>')).code, 250);
    assert.equal((await dialog.command('DATA')).code, 354);
    assert.match((await dialog.send('Subject: one\r\n\r\nfirst\r\n.\r\n')).line, /^250 2\.0\.0 Ok: queued as /);
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).line, '421 4.7.0 Too many messages in this connection, reconnect to continue');
    assert.equal(await dialog.waitClosed(), true);
  } finally {
    dialog.close();
  }
});

test('connection timeout: an idle client is disconnected', async () => {
  const { port } = await server({ connection_timeout_seconds: 1 });
  const { dialog } = await session(port, false);
  try {
    const started = Date.now();
    assert.equal(await dialog.waitClosed(4000), true);
    assert.ok(Date.now() - started >= 800, 'not before the timeout');
  } finally {
    dialog.close();
  }
});

test('address syntax errors get 501 with 5.1.x codes', async () => {
  const { port } = await server({});
  const { dialog } = await session(port, false);
  try {
    assert.match((await dialog.command('MAIL FROM:<not an address>')).line, /^501 5\.1\.7 /);
    assert.equal((await dialog.command('MAIL FROM:<>')).code, 250, 'the null sender is valid');
    assert.match((await dialog.command('RCPT TO:<no-domain>')).line, /^501 5\.1\.3 /);
    assert.match((await dialog.command('RCPT TO:<a@bad..domain>')).line, /^5\d\d 5\.1\.3 /);
  } finally {
    dialog.close();
  }
});
