// DATA through real listeners: local recipients become .eml files written atomically; storage failures are 451, never 250.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

async function server(fields: Record<string, unknown>) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: `drop-${port}`, port, fqdn: 'mx.relay.test', local_domains: ['corp.test'], ...fields });
  await waitForListener(port);
  return { port, vs };
}

test('mail for a local domain is dropped as <id>.eml with envelope lines and a Received header', async () => {
  const { port, vs } = await server({});
  const result = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.4', '--ehlo', 'client.example', '--from', 'a@sender.test', '--to', 'Bob@CORP.test', '--header', 'Subject: local drop']);
  const queued = serverReplies(result).map((l) => /^250 2\.0\.0 Ok: queued as (\S+)$/.exec(l)).find(Boolean);
  assert.ok(queued, result.transcript);
  const files = readdirSync(vs.drop_directory);
  assert.deepEqual(files, [`${queued[1]}.eml`]);
  const eml = readFileSync(join(vs.drop_directory, files[0]), 'latin1');
  assert.match(eml, /^X-Sender: a@sender\.test\r\nX-Receiver: Bob@CORP\.test\r\nReceived: from client\.example \(\[127\.0\.0\.4\]\)\r\n\tby mx\.relay\.test \(Relayform\) with ESMTP id /);
  assert.match(eml, /\r\nSubject: local drop\r\n/);
  assert.equal(fx.sink.messages.filter((m) => m.to.includes('Bob@CORP.test')).length, 0, 'local mail is not relayed');
});

test('a message with local and remote recipients: the local part is dropped, the rest is queued and delivered', async () => {
  const { port, vs } = await server({ relay_control: { mode: 'all_except_listed' } });
  const info = await nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true })
    .sendMail({ from: 'a@sender.test', to: ['bob@corp.test', 'far@away.test'], subject: 'mixed', text: 'both ways' });
  const id = /^250 2\.0\.0 Ok: queued as (\S+)$/.exec(info.response)?.[1];
  assert.ok(id, info.response);
  assert.deepEqual(readdirSync(vs.drop_directory), [`${id}.eml`], 'one id for the dropped part and the queued part');
  const eml = readFileSync(join(vs.drop_directory, readdirSync(vs.drop_directory)[0]), 'latin1');
  assert.match(eml, /^X-Sender: a@sender\.test\r\nX-Receiver: bob@corp\.test\r\nReceived: /);
  assert.match(eml, new RegExp(`\\(Relayform\\) with ESMTP id ${id};\r\n`), 'the Received id is the 250 reply\'s');
  assert.ok(!eml.includes('X-Receiver: far@away.test'));
  const deadline = Date.now() + 10_000;
  while (!fx.sink.messages.some((m) => m.to.includes('far@away.test')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const delivered = fx.sink.messages.find((m) => m.to.includes('far@away.test'));
  assert.ok(delivered, 'the remote recipient was delivered through the smart host');
  assert.deepEqual(delivered.to, ['far@away.test']);
  assert.match(delivered.raw.toString(), new RegExp(`Received: from .*\r\n\tby mx\\.relay\\.test \\(Relayform\\) with ESMTP id ${id};`));
});

test('drop files appear atomically: a watcher never sees a partial .eml, and no temp file is left', async () => {
  const { port, vs } = await server({});
  mkdirSync(vs.drop_directory, { recursive: true });
  const body = `${'0123456789abcdef'.repeat(16_384)}\r\nEND-OF-MESSAGE`;
  const seen: string[] = [];
  const incomplete: string[] = [];
  const watcher = watch(vs.drop_directory, (_event, name) => {
    if (!name || !name.endsWith('.eml') || seen.includes(name)) return;
    seen.push(name);
    const content = readFileSync(join(vs.drop_directory, name), 'latin1');
    if (!content.includes('END-OF-MESSAGE')) incomplete.push(name);
  });
  try {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, pool: true, maxConnections: 5 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => transport.sendMail({ from: 'a@sender.test', to: 'bob@corp.test', subject: `n${i}`, text: body })));
    transport.close();
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    watcher.close();
  }
  const files = readdirSync(vs.drop_directory);
  assert.equal(files.filter((f) => f.endsWith('.eml')).length, 10);
  assert.deepEqual(files.filter((f) => !f.endsWith('.eml')), [], 'no temp files left');
  assert.ok(seen.length >= 1, 'the watcher saw files arrive');
  assert.deepEqual(incomplete, []);
});

test('a storage failure answers 451 4.3.0, never 250', async () => {
  const blocker = join(fx.relay.dataDir, 'not-a-directory');
  writeFileSync(blocker, 'a file where the drop directory should be');
  const { port } = await server({ drop_directory: join(blocker, 'drop') });
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    await dialog.command('EHLO client.test');
    await dialog.command('MAIL FROM:<a@sender.test>');
    assert.equal((await dialog.command('RCPT TO:<bob@corp.test>')).code, 250);
    assert.equal((await dialog.command('DATA')).code, 354);
    assert.equal((await dialog.send('Subject: lost?\r\n\r\nno\r\n.\r\n')).line, '451 4.3.0 Local error in processing, message not accepted; try again later');
  } finally {
    dialog.close();
  }
});

test('drop files have CRLF line ends only: the smuggling variants and bare CR or LF are normalized, nothing splits the message', async () => {
  const { port, vs } = await server({});
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  assert.equal((await dialog.command('EHLO client.example')).code, 250);
  assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).code, 250);
  assert.equal((await dialog.command('RCPT TO:<bob@corp.test>')).code, 250);
  assert.equal((await dialog.command('DATA')).code, 354);
  const variants = ['lf-dot-crlf\n.\r\n', 'crlf-dot-lf\r\n.\n', 'lf-dot-lf\n.\n', 'cr-dot-crlf\r.\r\n', 'bare-cr\rafter-cr', 'bare-lf\nafter-lf'];
  const body = `Subject: smuggling\r\n\r\n${variants.join('\r\n')}\r\nMAIL FROM:<evil@sender.test>\r\nlast line\r\n.\r\n`;
  assert.equal((await dialog.send(body)).code, 250);
  await dialog.command('QUIT');
  const files = readdirSync(vs.drop_directory).filter((f) => f.endsWith('.eml'));
  assert.equal(files.length, 1, 'one message, one file');
  const eml = readFileSync(join(vs.drop_directory, files[0]), 'latin1');
  assert.doesNotMatch(eml, /\r(?!\n)|(?<!\r)\n/, 'no bare CR or LF in the drop file');
  for (const normalized of ['lf-dot-crlf\r\n.\r\n', 'crlf-dot-lf\r\n.\r\n', 'lf-dot-lf\r\n.\r\n', 'cr-dot-crlf\r\n.\r\n', 'bare-cr\r\nafter-cr', 'bare-lf\r\nafter-lf']) {
    assert.ok(eml.includes(normalized), `${JSON.stringify(normalized)} in the file`);
  }
  assert.match(eml, /\r\nMAIL FROM:<evil@sender\.test>\r\nlast line\r\n$/, 'the text after the variants stays in the same message');
});
