// Temporary failures: deferral with a visible last_error, the retry schedule, and delivery exactly once after recovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

function viaSmartHost(port: number, retry: number[]) {
  return staticConfig([virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: port, retry_intervals_minutes: retry } })]);
}

test('sink down: deferred with last_error; sink back: delivered on the next scheduled attempt (0.02 minutes later)', async (t) => {
  const port = await freePort();
  const h = startHarness(t, viaSmartHost(port, [0.02]));
  const id = await h.submit('vs', 'a@client.test', ['b@far.test'], testMessage('a@client.test', ['b@far.test'], 'retry-1@client.test'));
  const deferred = await h.deferred(id);
  assert.match(deferred.last_error ?? '', /^b@far\.test: .*ECONNREFUSED/);
  assert.equal(deferred.recipients[0].status, 'pending');
  const delayMs = deferred.next_attempt_at.getTime() - Date.now();
  assert.ok(delayMs > 200 && delayMs <= 1_200, `next attempt ${delayMs} ms away, expected about 1.2 s`);

  const sink = await startSmtpSink({ port });
  t.after(() => sink.stop());
  const [got] = await sink.waitFor(1, 5_000);
  const deliveredAt = Date.now();
  await h.gone(id);
  assert.ok(deliveredAt >= deferred.next_attempt_at.getTime() - 5, 'not before the scheduled time');
  assert.equal(got.messageId, 'retry-1@client.test');
  assert.equal(sink.countOf('retry-1@client.test'), 1);
});

test('a 4xx to RCPT defers that recipient only; the one already accepted is not sent again', async (t) => {
  const sink = await startSmtpSink({ rcptReply: (address, n) => (address === 'slow@far.test' && n < 3 ? '451 4.3.0 Mailbox busy, try later' : null) });
  t.after(() => sink.stop());
  const h = startHarness(t, viaSmartHost(sink.port, [0.002]));
  const id = await h.submit('vs', 'a@client.test', ['fast@far.test', 'slow@far.test'], testMessage('a@client.test', ['fast@far.test', 'slow@far.test'], 'partial-1@client.test'));
  await h.gone(id);
  assert.deepEqual(sink.messages.map((m) => m.to), [['fast@far.test'], ['slow@far.test']]);
});

test('a 4xx at the end of DATA defers the whole transaction, then it is delivered once', async (t) => {
  const sink = await startSmtpSink({ dataReply: (_m, n) => (n === 0 ? '452 4.3.1 Insufficient system storage' : null) });
  t.after(() => sink.stop());
  const h = startHarness(t, viaSmartHost(sink.port, [0.002]));
  const id = await h.submit('vs', 'a@client.test', ['c@far.test'], testMessage('a@client.test', ['c@far.test'], 'data4xx@client.test'));
  await h.gone(id);
  assert.equal(sink.countOf('data4xx@client.test'), 1);
});

test('a connection dropped in the middle of DATA is retried by the queue, not by the transport, and delivered once', async (t) => {
  const sink = await startSmtpSink({ dropFirstData: 1 });
  t.after(() => sink.stop());
  const h = startHarness(t, viaSmartHost(sink.port, [0.002]));
  const id = await h.submit('vs', 'a@client.test', ['d@far.test'], testMessage('a@client.test', ['d@far.test'], 'drop-1@client.test'));
  const deferred = await h.deferred(id);
  assert.ok(deferred.last_error);
  await h.gone(id);
  assert.equal(sink.countOf('drop-1@client.test'), 1);
});

test('when the configuration cannot be read, the message stays queued with an internal error instead of being lost', async (t) => {
  const config = staticConfig([virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: 2, outbound_security: { authentication: 'basic', username: 'u' } } })]);
  config.outboundSecret = () => Promise.reject(new Error('secret store unavailable'));
  const h = startHarness(t, config);
  const id = await h.submit('vs', 'a@client.test', ['e@far.test'], testMessage('a@client.test', ['e@far.test'], 'internal-1@client.test'));
  const deferred = await h.deferred(id);
  assert.equal(deferred.last_error, 'internal error: secret store unavailable');
  assert.equal(deferred.recipients[0].status, 'pending');
  assert.ok(deferred.next_attempt_at.getTime() - Date.now() > 30_000, 'retried later, not in a tight loop');
});
