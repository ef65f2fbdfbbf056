// The transport pool against real SMTP servers on loopback: connection reuse, parallelism, RSET after a refusal,
// the retry of a reused connection the server dropped, idle close, the reuse time limit, close(), timeouts as deferrals, DATA escaping and its one write per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { EscapingSmtpConnection } from '../../relay-service/src/delivery/smtp-data-escaping.ts';
import { TransportPool, type Credentials } from '../../relay-service/src/delivery/transport-pool.ts';
import { verdictOfError } from '../../relay-service/src/delivery/recipient-outcome.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { testMessage } from './support/harness.ts';

const anonymous: Credentials = {
  security: { authentication: 'anonymous', username: null }, password: null, tls: { policy: 'opportunistic', caPem: null, fingerprints: [] }, ehloName: 'relay.test',
};

function message(id: string, to = ['b@y.test']) {
  return [{ from: 'a@x.test', to }, testMessage('a@x.test', to, `${id}@x.test`)] as const;
}

function failure(promise: Promise<unknown>): Promise<{ code?: string; command?: string; responseCode?: number; message: string }> {
  return promise.then(() => assert.fail('the send must fail'), (err: unknown) => err as { message: string });
}

/**
 * A bare SMTP server whose MAIL FROM hook decides per transaction (counted server-wide from 0) what happens to it:
 * "reset" resets the TCP connection without a reply, "421" answers 421 and closes, "drop-data" drops the connection
 * in the middle of the message, "accept" takes the message.
 */
async function startScriptedServer(onMail: (n: number) => 'reset' | '421' | 'drop-data' | 'accept') {
  const sockets = new Map<number, Socket>();
  const dropData = new Set<number>();
  const stats = { connections: 0, open: 0, mails: 0, delivered: 0 };
  const server = new SMTPServer({
    logger: false, disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, disableReverseLookup: true, closeTimeout: 100,
    onMailFrom(_address, session: SMTPServerSession, callback) {
      const action = onMail(stats.mails++);
      if (action === 'drop-data') dropData.add(session.remotePort);
      if (action === 'reset') return void sockets.get(session.remotePort)?.resetAndDestroy();
      if (action === '421') return callback(Object.assign(new Error('4.4.2 idle too long, closing'), { responseCode: 421 }));
      callback();
    },
    onData(stream, session, callback) {
      if (dropData.delete(session.remotePort)) {
        stream.once('data', () => sockets.get(session.remotePort)?.destroy());
        return void stream.resume();
      }
      stream.resume();
      stream.on('end', () => {
        stats.delivered++;
        callback(null, 'queued');
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    stats.connections++;
    stats.open++;
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => {
      stats.open--;
      sockets.delete(port);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stats,
    stop: () => new Promise<void>((resolve) => {
      for (const socket of sockets.values()) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

test('twenty messages in a row to one destination go over one connection', async (t) => {
  const sink = await startSmtpSink();
  const pool = new TransportPool({ idleMs: 60_000 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: 'localhost', port: sink.port };
  for (let i = 0; i < 20; i++) {
    const sent = await pool.send(destination, anonymous, ...message(`seq-${i}`));
    assert.deepEqual(sent.accepted, ['b@y.test']);
    assert.match(sent.response, /^250 /);
  }
  assert.equal(sink.connections, 1);
  assert.equal(sink.messages.length, 20);
});

test('parallel sends use at most maxConnections connections, and wait their turn in order', async (t) => {
  const sink = await startSmtpSink({ delayMs: 50 });
  const pool = new TransportPool({ maxConnections: 3 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: sink.port };
  const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.send(destination, anonymous, ...message(`par-${i}`))));
  assert.equal(sent.filter((s) => s.accepted.length === 1).length, 12);
  assert.equal(sink.connections, 3, 'three connections opened, each reused for the messages that waited');

  const single = await startSmtpSink({ delayMs: 20 });
  t.after(() => single.stop());
  const one = { address: '127.0.0.1', host: '127.0.0.1', port: single.port };
  const serial = new TransportPool({ maxConnections: 1 });
  t.after(() => serial.close());
  await Promise.all(Array.from({ length: 6 }, (_, i) => serial.send(one, anonymous, ...message(`fifo-${i}`))));
  assert.equal(single.connections, 1);
  assert.deepEqual(single.messages.map((m) => m.messageId), Array.from({ length: 6 }, (_, i) => `fifo-${i}@x.test`), 'first come, first sent');
});

test('at a busy destination first attempts go ahead of waiting retries (a drained backlog does not hold fresh mail back)', async (t) => {
  const sink = await startSmtpSink({ delayMs: 20 });
  const pool = new TransportPool({ maxConnections: 1 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: sink.port };
  const send = (id: string, retry: boolean) => pool.send(destination, anonymous, ...message(id), retry);
  // The first retry takes the only connection; four more retries wait, then two first attempts arrive.
  const sends = [0, 1, 2, 3, 4].map((i) => send(`retry-${i}`, true));
  sends.push(send('fresh-0', false), send('fresh-1', false));
  await Promise.all(sends);
  assert.deepEqual(sink.messages.map((m) => m.messageId?.replace('@x.test', '')),
    ['retry-0', 'fresh-0', 'fresh-1', 'retry-1', 'retry-2', 'retry-3', 'retry-4'], 'first attempts in order, then the retries in order');
});

test('a refused recipient or message leaves the connection usable (RSET) for the next message', async (t) => {
  const sink = await startSmtpSink({
    rcptReply: (rcpt) => (rcpt.startsWith('nobody@') ? '550 5.1.1 no such user' : null),
    dataReply: (m) => (m.messageId === 'spam@x.test' ? '554 5.6.0 content rejected' : null),
  });
  const pool = new TransportPool({ maxConnections: 1 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: sink.port };

  const partial = await pool.send(destination, anonymous, ...message('partial', ['b@y.test', 'nobody@y.test']));
  assert.deepEqual(partial.accepted, ['b@y.test']);
  assert.equal(partial.rejectedErrors.length, 1);
  assert.equal(partial.rejectedErrors[0].recipient, 'nobody@y.test');
  assert.equal(partial.rejectedErrors[0].responseCode, 550);

  const allRejected = await failure(pool.send(destination, anonymous, ...message('norcpt', ['nobody@y.test'])));
  assert.equal(allRejected.code, 'EENVELOPE');
  assert.equal(allRejected.command, 'RCPT TO');
  assert.equal(allRejected.responseCode, 550);

  const refused = await failure(pool.send(destination, anonymous, ...message('spam')));
  assert.equal(refused.code, 'EMESSAGE');
  assert.equal(refused.responseCode, 554);

  const after = await pool.send(destination, anonymous, ...message('after'));
  assert.deepEqual(after.accepted, ['b@y.test']);
  assert.equal(sink.connections, 1, 'the refusals did not cost the connection');
  assert.deepEqual(sink.messages.map((m) => m.messageId), ['partial@x.test', 'after@x.test']);
});

test('a reused connection the server dropped before answering is retried once on a fresh connection', async (t) => {
  // Transaction 1 is accepted; 2 is reset at MAIL on the reused connection (the retry on a new one is 3); 4 gets a
  // 421 at MAIL on the reused connection (the retry is 5); 6 is reset on its reused connection and its retry 7 too.
  const server = await startScriptedServer((n) => ([1, 3, 6, 7].includes(n) ? (n === 3 ? '421' : 'reset') : 'accept'));
  const pool = new TransportPool({ maxConnections: 1 });
  t.after(async () => {
    pool.close();
    await server.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: server.port };
  await pool.send(destination, anonymous, ...message('first'));
  const retried = await pool.send(destination, anonymous, ...message('reset'));
  assert.deepEqual(retried.accepted, ['b@y.test']);
  assert.equal(server.stats.connections, 2);
  const after421 = await pool.send(destination, anonymous, ...message('after-421'));
  assert.deepEqual(after421.accepted, ['b@y.test']);
  assert.equal(server.stats.connections, 3);
  assert.equal(server.stats.delivered, 3);

  await pool.send(destination, anonymous, ...message('fourth'));
  const twice = await failure(pool.send(destination, anonymous, ...message('twice')));
  assert.ok(['ESOCKET', 'ECONNECTION'].includes(twice.code ?? ''), `a connection error, not ${twice.code}`);
  assert.equal(server.stats.mails, 8, 'one retry only: the fresh connection failing is the answer');
  assert.equal(server.stats.delivered, 4);
});

test('a send dropped after DATA began, or failing on a new connection, is not sent again by the pool', async (t) => {
  const server = await startScriptedServer((n) => (n === 1 ? 'drop-data' : n === 2 ? 'reset' : 'accept'));
  const pool = new TransportPool({ maxConnections: 1 });
  t.after(async () => {
    pool.close();
    await server.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: server.port };
  await pool.send(destination, anonymous, ...message('one'));
  const dropped = await failure(pool.send(destination, anonymous, ...message('dropped')));
  assert.ok(['ESOCKET', 'ECONNECTION'].includes(dropped.code ?? ''), `a connection error, not ${dropped.code}`);
  assert.equal(server.stats.mails, 2, 'part of the message may have arrived: the queue decides when to send it again');

  const fresh = await failure(pool.send(destination, anonymous, ...message('fresh')));
  assert.ok(['ESOCKET', 'ECONNECTION'].includes(fresh.code ?? ''), `a connection error, not ${fresh.code}`);
  assert.equal(server.stats.mails, 3, 'a fresh connection failing is the answer');
  assert.equal(server.stats.connections, 2);
  assert.equal(server.stats.delivered, 1);
});

test('a connection the server closed while idle is dropped, and the next send opens a new one', async (t) => {
  const sink = await startSmtpSink();
  const pool = new TransportPool();
  t.after(() => pool.close());
  await pool.send({ address: '127.0.0.1', host: '127.0.0.1', port: sink.port }, anonymous, ...message('before'));
  const port = sink.port;
  await sink.stop();
  await sleep(50);
  const again = await startSmtpSink({ port });
  t.after(() => again.stop());
  const sent = await pool.send({ address: '127.0.0.1', host: '127.0.0.1', port }, anonymous, ...message('after'));
  assert.deepEqual(sent.accepted, ['b@y.test']);
  assert.equal(again.connections, 1);
});

test('idle connections are closed after idleMs; closeIdle(0) closes them at once', async (t) => {
  const server = await startScriptedServer(() => 'accept');
  const pool = new TransportPool({ idleMs: 200 });
  t.after(async () => {
    pool.close();
    await server.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: server.port };
  await pool.send(destination, anonymous, ...message('one'));
  assert.equal(server.stats.open, 1);
  await sleep(100);
  assert.equal(server.stats.open, 1, 'not idle long enough yet');
  const deadline = Date.now() + 2_000;
  while (server.stats.open > 0 && Date.now() < deadline) await sleep(20);
  assert.equal(server.stats.open, 0, 'closed by the pool after idling');

  await pool.send(destination, anonymous, ...message('two'));
  assert.equal(server.stats.connections, 2);
  pool.closeIdle(0);
  while (server.stats.open > 0 && Date.now() < deadline + 2_000) await sleep(20);
  assert.equal(server.stats.open, 0);
  await pool.send(destination, anonymous, ...message('three'));
  assert.equal(server.stats.connections, 3, 'a closed connection is replaced by a new one');
});

test('a connection past the reuse time limit takes no further message and is closed', async (t) => {
  const server = await startScriptedServer(() => 'accept');
  const pool = new TransportPool({ reuseTimeLimitMs: 300 });
  t.after(async () => {
    pool.close();
    await server.stop();
  });
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: server.port };
  for (let i = 0; i < 3; i++) await pool.send(destination, anonymous, ...message(`young-${i}`));
  assert.equal(server.stats.connections, 1);
  await sleep(350);
  await pool.send(destination, anonymous, ...message('old'));
  assert.equal(server.stats.connections, 2, 'the old connection was not used again');
  const deadline = Date.now() + 2_000;
  while (server.stats.open > 1 && Date.now() < deadline) await sleep(20);
  assert.equal(server.stats.open, 1, 'the old connection was closed');
  assert.equal(server.stats.delivered, 4);
});

test('close() fails the sends in flight and waiting, and later sends', async (t) => {
  const sink = await startSmtpSink({ delayMs: 2_000 });
  const pool = new TransportPool({ maxConnections: 1 });
  t.after(() => sink.stop());
  const destination = { address: '127.0.0.1', host: '127.0.0.1', port: sink.port };
  const running = failure(pool.send(destination, anonymous, ...message('running')));
  const queued = failure(pool.send(destination, anonymous, ...message('queued')));
  await sleep(200);
  const started = Date.now();
  pool.close();
  for (const err of [await running, await queued]) {
    assert.equal(err.code, 'ECONNECTION');
    assert.match(err.message, /pool was closed/);
  }
  assert.ok(Date.now() - started < 500, 'close() does not wait for the slow server');
  const late = await failure(pool.send(destination, anonymous, ...message('late')));
  assert.equal(late.code, 'ECONNECTION');
  assert.equal(sink.connections, 1);
});

test('a next hop that stops answering times out and the attempt is deferred, not failed', async (t) => {
  const sink = await startSmtpSink({ delayMs: 1_000 });
  const pool = new TransportPool({ socketTimeoutMs: 200 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const error = await failure(pool.send({ address: '127.0.0.1', host: '127.0.0.1', port: sink.port }, anonymous, ...message('slow')));
  const verdict = verdictOfError(error, 'opportunistic', '127.0.0.1');
  assert.equal(verdict.result, 'deferred');
  assert.match(verdict.status, /^4\.4\./);
  assert.equal(sink.messages.length, 0);
});

test('DATA is escaped by the pool\'s own escaping: a 100 KB message with dot lines and bare line ends arrives intact', async (t) => {
  const sink = await startSmtpSink();
  const pool = new TransportPool({ idleMs: 60_000 });
  const create = EscapingSmtpConnection.prototype._createSendStream;
  let escapedByUs = 0;
  EscapingSmtpConnection.prototype._createSendStream = function counted(this: EscapingSmtpConnection, callback) {
    const stream = create.call(this, callback);
    if (stream._transform.name === 'escape') escapedByUs++;
    return stream;
  };
  t.after(async () => {
    EscapingSmtpConnection.prototype._createSendStream = create;
    pool.close();
    await sink.stop();
  });
  const body = `${'.starts with a dot\r\n'}${`${'X'.repeat(76)}\r\n`.repeat(1300)}..two dots\r\n.\r\nbare lf\nbare cr\rend`;
  const raw = Buffer.from(`From: <a@x.test>\r\nTo: <b@y.test>\r\nMessage-ID: <big@x.test>\r\nSubject: dots\r\n\r\n${body}`);
  await pool.send({ address: '127.0.0.1', host: 'localhost', port: sink.port }, anonymous, { from: 'a@x.test', to: ['b@y.test'] }, raw);
  assert.equal(escapedByUs, 1, 'the installed nodemailer still builds its DATA stream where EscapingSmtpConnection swaps the escaping in');
  const received = sink.messages[0].raw.toString();
  assert.ok(received.endsWith(`${body.replace('bare lf\n', 'bare lf\r\n').replace('bare cr\r', 'bare cr\r\n')}\r\n`), 'dot lines un-stuffed back, bare CR and LF made CRLF');
});

test('the message and the end of its data leave in one socket write, whatever its last line', async (t) => {
  const sink = await startSmtpSink();
  const pool = new TransportPool({ idleMs: 60_000 });
  const create = EscapingSmtpConnection.prototype._createSendStream;
  /** What the connection wrote from DATA's 354 until its data stream ended, per message. */
  const writes: Buffer[][] = [];
  EscapingSmtpConnection.prototype._createSendStream = function watched(this: EscapingSmtpConnection, callback) {
    const socket = (this as unknown as { _socket: Socket })._socket;
    const mine: Buffer[] = [];
    writes.push(mine);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      mine.push(Buffer.from(args[0] as Buffer | string));
      return write(...args);
    }) as Socket['write'];
    const stream = create.call(this, callback);
    stream.once('end', () => { delete (socket as Partial<Socket>).write; });
    return stream;
  };
  t.after(async () => {
    EscapingSmtpConnection.prototype._createSendStream = create;
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: 'localhost', port: sink.port };
  const header = 'From: <a@x.test>\r\nTo: <b@y.test>\r\nSubject: ends\r\n';
  const raws = [
    Buffer.from(`${header}Message-ID: <crlf@x.test>\r\n\r\n${`${'X'.repeat(76)}\r\n`.repeat(12)}`),
    Buffer.from(`${header}Message-ID: <text@x.test>\r\n\r\nno line break at the end`),
    Buffer.from(`${header}Message-ID: <big@x.test>\r\n\r\n${`${'Y'.repeat(76)}\r\n`.repeat(1400)}.dot\r\n`),
  ];
  for (const raw of raws) await pool.send(destination, anonymous, { from: 'a@x.test', to: ['b@y.test'] }, raw);
  assert.equal(sink.connections, 1, 'one pooled connection carried all three');
  assert.deepEqual(writes.map((w) => w.length), [1, 1, 1], 'one write per message: its data and the end of data together');
  assert.ok(writes[0][0].toString('latin1').endsWith(`${'X'.repeat(76)}\r\n.\r\n`));
  assert.ok(writes[1][0].toString('latin1').endsWith('no line break at the end\r\n.\r\n'));
  assert.ok(writes[2][0].toString('latin1').endsWith('\r\n..dot\r\n.\r\n'), 'a dot line still stuffed in the last chunk');
  await sink.waitFor(3);
  assert.deepEqual(sink.messages.map((m) => m.raw.toString('latin1').split('\r\n\r\n')[1]),
    [raws[0], Buffer.concat([raws[1], Buffer.from('\r\n')]), raws[2]].map((r) => r.toString('latin1').split('\r\n\r\n')[1]));
});
