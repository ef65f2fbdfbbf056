// The traffic tally and recorder against a real SQLite queue store: counts bucketed by minute, one write per flush,
// counts kept when a write fails, a queue-size sample for every configured server, the rest flushed at stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger.ts';
import { SqliteQueueStore } from '../store/sqlite/queue-store.ts';
import { startTrafficRecorder } from './traffic-recorder.ts';
import { TrafficTally } from './traffic-tally.ts';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 11, 8, 1, minute, second));

test('the tally buckets counts by the minute they happened in, per server, and empties on take', () => {
  const tally = new TrafficTally();
  tally.add('vs1', { accepted: 1 }, at(1, 0));
  tally.add('vs1', { accepted: 1, delivered: 2 }, at(1, 59));
  tally.add('vs1', { deferred: 1 }, at(2, 0));
  tally.add('vs2', { bounced: 1, rate_limited: 3 }, at(1, 30));
  assert.deepEqual(tally.take(), [
    { minute: at(1), virtual_server_id: 'vs1', accepted: 2, delivered: 2, deferred: 0, bounced: 0, rate_limited: 0 },
    { minute: at(2), virtual_server_id: 'vs1', accepted: 0, delivered: 0, deferred: 1, bounced: 0, rate_limited: 0 },
    { minute: at(1), virtual_server_id: 'vs2', accepted: 0, delivered: 0, deferred: 0, bounced: 1, rate_limited: 3 },
  ]);
  assert.deepEqual(tally.take(), []);
});

test('the recorder writes counts and queue sizes, keeps counts a failed write could not store, and flushes at stop', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'traffic-recorder-'));
  const store = SqliteQueueStore.open(join(dir, 'queue.sqlite'));
  t.after(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });
  await store.enqueue({ virtual_server_id: 'vs1', sender: 's@a.test', recipients: ['r@b.test'], client_ip: '127.0.0.1', authenticated_as: null }, Buffer.from('x'));
  const tally = new TrafficTally();
  const now = new Date();
  tally.add('vs1', { accepted: 2 }, now);
  let failNext = true;
  const flaky = Object.assign(Object.create(store.traffic) as SqliteQueueStore['traffic'], {
    addTraffic: async (node: string, rows: Parameters<SqliteQueueStore['traffic']['addTraffic']>[1]) => {
      if (failNext) { failNext = false; throw new Error('store unavailable'); }
      return store.traffic.addTraffic(node, rows);
    },
  });
  const recorder = startTrafficRecorder({
    store: flaky, nodeId: 'n1', tally, logger: createLogger('silent'), intervalMs: 50, serverIds: async () => ['vs1', 'vs2'],
  });
  const window = { from: new Date(now.getTime() - 120_000), to: new Date(now.getTime() + 120_000), virtualServerIds: null };
  for (let i = 0; i < 100 && (await store.traffic.readTraffic(window)).every((row) => row.accepted === 0); i++) await new Promise((r) => setTimeout(r, 20));
  tally.add('vs1', { delivered: 1 }, now);
  await recorder.stop();
  const rows = await store.traffic.readTraffic(window);
  const vs1 = rows.filter((row) => row.virtual_server_id === 'vs1');
  assert.equal(vs1.reduce((n, row) => n + row.accepted, 0), 2, 'the counts of the failed write came with a later one, once');
  assert.equal(vs1.reduce((n, row) => n + row.delivered, 0), 1, 'stop flushed what was counted since');
  assert.ok(vs1.some((row) => row.queue_size === 1), 'the queue of vs1 was sampled');
  assert.ok(rows.some((row) => row.virtual_server_id === 'vs2' && row.queue_size === 0), 'a configured server with nothing queued is sampled as 0');
});
