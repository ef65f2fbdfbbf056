// Many messages queued concurrently: each is delivered exactly once, over a few reused connections, and the queue drains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
