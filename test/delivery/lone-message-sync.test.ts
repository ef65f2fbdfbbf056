// A message alone in the relay (one SMTP session, no delivery running) is synced on the event loop; with other sessions open, on the thread pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { openSmtpSessions } from '../../relay-service/src/smtp/relay-smtp-server.ts';
import type { SqliteQueueStore } from '../../relay-service/src/store/sqlite/queue-store.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { testMessage } from './support/harness.ts';
import { deliveryE2e } from './support/relay-e2e.ts';

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the enqueue of a lone message syncs the WAL on the event loop, one beside another session does not', async (t) => {
  const relay = await startTestRelay();
  t.after(() => relay.dispose());
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const e2e = deliveryE2e(relay);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, outbound_security: { authentication: 'anonymous', tls: false } } });
  const queue = relay.handles().queue as SqliteQueueStore;
  await until('the listener probe connection to end', () => openSmtpSessions() === 0);

  const inlineBefore = queue.inlineSyncs;
  const id = await e2e.submit(vs, 'app@client.test', ['one@far.test'], testMessage('app@client.test', ['one@far.test'], 'lone-1@client.test'));
  await sink.waitFor(1);
  assert.equal(queue.inlineSyncs - inlineBefore, 1, `message ${id} was alone: its WAL fsync ran on the event loop`);

  // Another client holds a session open (greeted, idle): the relay has someone else to serve during an fsync.
  const other = connect(vs.port, '127.0.0.1');
  t.after(() => other.destroy());
  await new Promise<void>((resolve) => other.once('data', () => resolve()));
  await until('the previous delivery to finish', () => openSmtpSessions() === 1);
  const [syncsBefore, inlineBetween] = [queue.syncs, queue.inlineSyncs];
  await e2e.submit(vs, 'app@client.test', ['two@far.test'], testMessage('app@client.test', ['two@far.test'], 'lone-2@client.test'));
  await sink.waitFor(2);
  assert.equal(queue.inlineSyncs, inlineBetween, 'with a second session open the fsync went to the thread pool');
  assert.ok(queue.syncs > syncsBefore, 'and the message was still synced before its 250');
  assert.deepEqual(sink.messages.map((m) => m.messageId), ['lone-1@client.test', 'lone-2@client.test']);
});
