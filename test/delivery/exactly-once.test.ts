// Many messages queued concurrently (by one node or two sharing a queue): each is delivered exactly once, and the queue drains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeliveryWorker } from '../../relay-service/src/delivery/delivery-worker.ts';
import { cacheSnapshots } from '../../relay-service/src/config/snapshot-cache.ts';
import { createLogger } from '../../relay-service/src/logger.ts';
import { SqliteQueueStore } from '../../relay-service/src/store/sqlite/queue-store.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

test('200 messages queued by 10 concurrent submitters are each delivered exactly once, including after 4xx and dropped connections', async (t) => {
  const sink = await startSmtpSink({
    // A few temporary failures and one dropped DATA must not turn into duplicates or losses.
    rcptReply: (_address, n) => (n % 37 === 5 ? '421 4.7.0 Too busy, come back later' : null),
    dropFirstData: 1,
  });
  t.after(() => sink.stop());
  const vs = virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [0.002] } });
  const h = startHarness(t, staticConfig([vs]));
  const total = 200;
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < total) {
      const n = next++;
      ids.push(await h.submit('vs', 'bulk@client.test', [`r${n}@far.test`], testMessage('bulk@client.test', [`r${n}@far.test`], `bulk-${n}@client.test`)));
    }
  }));
  await sink.waitFor(total, 30_000);
  await h.until('the queue to drain', async () => {
    const c = await h.queue.count();
    return c.fresh + c.deferred === 0 ? true : undefined;
  }, 10_000);

  const counts = new Map<string, number>();
  for (const m of sink.messages) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
  assert.equal(counts.size, total);
  assert.deepEqual([...counts.values()].filter((c) => c !== 1), [], 'no Message-ID twice');
  assert.equal(sink.messages.length, total);
  assert.ok(sink.connections <= 30, `connections are pooled and reused: ${sink.connections} for ${total} messages`);
  assert.equal(ids.length, total);
});

test('two relay nodes sharing one queue file deliver each of 200 messages exactly once (leases keep them apart)', async (t) => {
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const dir = mkdtempSync(join(tmpdir(), 'relay-two-nodes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = staticConfig([virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port } })]);
  const nodes = ['node-a', 'node-b'].map((nodeId) => {
    const queue = SqliteQueueStore.open(join(dir, 'queue.sqlite'));
    const worker = startDeliveryWorker({ queue, snapshots: cacheSnapshots(config, config), logger: createLogger('silent'), nodeId });
    return { queue, worker };
  });
  t.after(async () => {
    for (const node of nodes) {
      await node.worker.stop();
      await node.queue.close();
    }
  });
  const total = 200;
  // Every fourth message goes into the shared queue unclaimed (as mail that waited there would), so both nodes' claims
  // compete for those; the rest each node receives itself and delivers from memory.
  await Promise.all(Array.from({ length: total }, (_, n) => {
    const node = nodes[n % 2];
    const message = { virtual_server_id: 'vs', sender: 'a@client.test', recipients: [`r${n}@far.test`], client_ip: '127.0.0.1', authenticated_as: null };
    const data = testMessage('a@client.test', [`r${n}@far.test`], `two-${n}@client.test`);
    return n % 4 === 3 ? node.queue.enqueue(message, data) : node.worker.enqueue(message, data);
  }));
  await sink.waitFor(total, 30_000);
  await new Promise((r) => setTimeout(r, 200));
  const ids = sink.messages.map((m) => m.messageId);
  assert.equal(ids.length, total, 'no message delivered twice');
  assert.equal(new Set(ids).size, total);
  assert.deepEqual(await nodes[0].queue.count(), { fresh: 0, deferred: 0 });
});
