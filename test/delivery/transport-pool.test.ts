// The pooled transports against a real sink: connection reuse, idle close, timeouts classified as deferrals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransportPool } from '../../relay-service/src/delivery/transport-pool.ts';
import { verdictOfError } from '../../relay-service/src/delivery/recipient-outcome.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { testMessage } from './support/harness.ts';

const anonymous = { security: { authentication: 'anonymous' as const, username: null }, password: null, requireTls: false, ehloName: 'relay.test' };

test('messages to one destination reuse one connection; an idle pool is closed', async (t) => {
  const sink = await startSmtpSink();
  const pool = new TransportPool({ idleMs: 60_000 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const destination = { address: '127.0.0.1', host: 'localhost', port: sink.port };
  for (let i = 0; i < 5; i++) {
    const sent = await pool.send(destination, anonymous, { from: 'a@x.test', to: ['b@y.test'] }, testMessage('a@x.test', ['b@y.test'], `pool-${i}@x.test`));
    assert.deepEqual(sent.accepted, ['b@y.test']);
  }
  assert.equal(sink.connections, 1);
  pool.closeIdle(0);
  await pool.send(destination, anonymous, { from: 'a@x.test', to: ['b@y.test'] }, testMessage('a@x.test', ['b@y.test'], 'pool-after@x.test'));
  assert.equal(sink.connections, 2, 'a closed pool is replaced by a new connection');
  assert.equal(sink.messages.length, 6);
});

test('a next hop that stops answering times out and the attempt is deferred, not failed', async (t) => {
  const sink = await startSmtpSink({ delayMs: 1_000 });
  const pool = new TransportPool({ socketTimeoutMs: 200 });
  t.after(async () => {
    pool.close();
    await sink.stop();
  });
  const error = await pool.send({ address: '127.0.0.1', host: '127.0.0.1', port: sink.port }, anonymous, { from: 'a@x.test', to: ['b@y.test'] },
    testMessage('a@x.test', ['b@y.test'], 'slow@x.test')).then(() => null, (err: unknown) => err);
  assert.ok(error, 'the send must fail');
  const verdict = verdictOfError(error, false, '127.0.0.1');
  assert.equal(verdict.result, 'deferred');
  assert.match(verdict.status, /^4\.4\./);
  assert.equal(sink.messages.length, 0);
});
