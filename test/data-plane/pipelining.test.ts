// PIPELINING (RFC 2920) through a real listener: a batch of commands in one write gets every reply, in order, each one
// by the time the client waits for it (the end of the batch, DATA's 354, STARTTLS's 220), however the batch is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { waitForListener } from './wait-for-listener.ts';

let certificateId: string;
const fx = operatedRelay({}, async ({ operator }) => {
  certificateId = await operator.createCertificate('relay.test');
});

async function server(name: string, fields: Record<string, unknown> = {}) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name, port, local_domains: ['corp.test'], ...fields });
  await waitForListener(port);
  return { port, vs };
}

/** Reads replies off a raw socket: `next()` resolves with the next complete one (its last line), or rejects after 5 s. */
function replies(socket: Socket) {
  let buffer = '';
  const complete: string[] = [];
  let wake: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    const lines = (buffer + chunk.toString('latin1')).split('\r\n');
    buffer = lines.pop() ?? '';
    complete.push(...lines.filter((l) => /^\d{3}(?: |$)/.test(l)));
    wake?.();
  });
  return {
    async next(): Promise<string> {
      const deadline = Date.now() + 5000;
      while (complete.length === 0) {
        if (Date.now() > deadline) throw new Error(`no reply within 5 s (buffered: ${JSON.stringify(buffer)})`);
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 50); });
      }
      return complete.shift()!;
    },
  };
}

test('a pipelined envelope gets every reply in order, 354 last; the message with the next envelope, then with QUIT, too', async () => {
  const { port, vs } = await server('pipelined');
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    assert.ok((await dialog.command('EHLO client.test')).text.split('\n').includes('PIPELINING'));
    const first = await dialog.send('MAIL FROM:<a@sender.test>\r\nRCPT TO:<bob@corp.test>\r\nRCPT TO:<eve@far.test>\r\nRCPT TO:<carol@corp.test>\r\nDATA\r\n');
    const envelope = [first, await dialog.read(), await dialog.read(), await dialog.read(), await dialog.read()].map((r) => r.line);
    assert.deepEqual(envelope.map((l) => l.slice(0, 3)), ['250', '250', '550', '250', '354'], envelope.join(' | '));
    assert.equal(envelope[2], '550 5.7.1 Unable to relay');
    const queued = await dialog.send('Subject: one\r\n\r\nfirst\r\n.\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<bob@corp.test>\r\nDATA\r\n');
    assert.match(queued.line, /^250 2\.0\.0 Ok: queued as /);
    assert.deepEqual([(await dialog.read()).code, (await dialog.read()).code, (await dialog.read()).code], [250, 250, 354]);
    assert.match((await dialog.send('Subject: two\r\n\r\nsecond\r\n.\r\nQUIT\r\n')).line, /^250 2\.0\.0 Ok: queued as /);
    assert.equal((await dialog.read()).code, 221);
    assert.ok(await dialog.waitClosed(), 'QUIT at the end of a batch closes the connection');
  } finally {
    dialog.close();
  }
  assert.equal(readdirSync(vs.drop_directory).length, 2, 'both messages stored');
});

test('a batch cut in the middle of a line: the complete commands are answered before the client sends the rest', async () => {
  const { port } = await server('cut');
  const socket = connect({ host: '127.0.0.1', port });
  const reply = replies(socket);
  try {
    assert.match(await reply.next(), /^220 /);
    socket.write('EHLO client.test\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<bob@co');
    assert.match(await reply.next(), /^250 /, 'EHLO');
    assert.match(await reply.next(), /^250 /, 'MAIL FROM, answered while the RCPT line is still open');
    socket.write('rp.test>\r\nRSET\r\n');
    assert.match(await reply.next(), /^250 /, 'RCPT TO');
    assert.match(await reply.next(), /^250 /, 'RSET');
  } finally {
    socket.destroy();
  }
});

test('a batch whose replies outgrow the socket buffer is answered in full and in order (3000 NOOPs, then QUIT)', async () => {
  const { port } = await server('flood');
  const socket = connect({ host: '127.0.0.1', port });
  const reply = replies(socket);
  try {
    assert.match(await reply.next(), /^220 /);
    socket.write(`EHLO client.test\r\n${'NOOP\r\n'.repeat(3000)}QUIT\r\n`);
    const codes: string[] = [];
    for (let i = 0; i < 3002; i++) codes.push((await reply.next()).slice(0, 3));
    assert.equal(codes.filter((c) => c === '250').length, 3001, 'EHLO and every NOOP');
    assert.equal(codes[3001], '221');
  } finally {
    socket.destroy();
  }
});

test('EHLO and STARTTLS in one batch: both replies arrive before the handshake, which then completes', async () => {
  const { port } = await server('starttls', { tls: { certificate_id: certificateId } });
  const socket = connect({ host: '127.0.0.1', port });
  const reply = replies(socket);
  try {
    assert.match(await reply.next(), /^220 /);
    socket.write('EHLO client.test\r\nSTARTTLS\r\n');
    assert.match(await reply.next(), /^250 /);
    assert.match(await reply.next(), /^220 /);
    socket.removeAllListeners('data');
    const secure = connectTls({ socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    const inside = replies(secure as unknown as Socket);
    secure.write('EHLO client.test\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<bob@corp.test>\r\n');
    assert.deepEqual([(await inside.next()).slice(0, 3), (await inside.next()).slice(0, 3), (await inside.next()).slice(0, 3)], ['250', '250', '250']);
    secure.destroy();
  } finally {
    socket.destroy();
  }
});
