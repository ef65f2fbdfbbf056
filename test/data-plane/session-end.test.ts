// The end of an SMTP session through a real listener: QUIT's 221 arrives whole before the relay closes the connection,
// and a client that resets the connection right after QUIT (without reading the 221) leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

/** Everything the server sends until it closes the connection, and how it closed it (FIN: 'end'; reset: the error code). */
function untilClosed(socket: Socket): Promise<{ text: string; how: string }> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => { text += chunk.toString('latin1'); });
    socket.once('end', () => resolve({ text, how: 'end' }));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ text, how: error.code ?? 'error' }));
  });
}

/** Resolves once the socket's data so far contains `pattern`. */
async function waitFor(socket: Socket, pattern: RegExp): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within 5 s: ${JSON.stringify(seen)}`)), 5000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (!pattern.test(seen)) return;
      clearTimeout(timer);
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
}

test('QUIT: the 221 arrives whole, then the relay ends the connection (FIN, not a reset), also after a pipelined message', async () => {
  const port = await freePort();
  await fx.operator.createServer({ name: 'quit', port, local_domains: ['corp.test'] });
  await waitForListener(port);
  for (const dialog of [
    'EHLO client.test\r\nQUIT\r\n',
    'EHLO client.test\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<bob@corp.test>\r\nDATA\r\n',
  ]) {
    const socket = connect({ host: '127.0.0.1', port });
    const closed = untilClosed(socket);
    await waitFor(socket, /^220 /m);
    socket.write(dialog);
    if (dialog.endsWith('DATA\r\n')) {
      await waitFor(socket, /^354 /m);
      socket.write('Subject: bye\r\n\r\nlast one\r\n.\r\nQUIT\r\n');
    }
    const { text, how } = await closed;
    assert.equal(how, 'end', `the relay closed with a FIN after: ${JSON.stringify(text)}`);
    assert.match(text, /\r\n221 [^\r\n]*\r\n$/, 'the 221 is the last thing sent, whole');
    socket.destroy();
  }
});

/** A connection the relay admitted (220), tried again every 100 ms while it refuses with 421 (a session still ending). */
async function admitted(port: number): Promise<Socket> {
  for (let i = 0; ; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    const first = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
    if (first.startsWith('220 ')) return socket;
    socket.destroy();
    assert.ok(i < 20, `still refused after 2 s: ${first}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a client that resets right after QUIT, without reading the 221, leaves no session behind: its IP may connect again', async () => {
  const port = await freePort();
  await fx.operator.createServer({ name: 'reset-after-quit', port, local_domains: ['corp.test'], limits: { max_connections_per_ip: 1 } });
  await waitForListener(port);
  for (let i = 0; i < 5; i++) {
    const socket = await admitted(port);
    socket.write('EHLO client.test\r\n');
    await waitFor(socket, /^250 /m);
    socket.write('QUIT\r\n');
    socket.resetAndDestroy();
  }
  const socket = await admitted(port);
  try {
    const closed = untilClosed(socket);
    socket.write('QUIT\r\n');
    assert.match((await closed).text, /^221 /m);
  } finally {
    socket.destroy();
  }
});
