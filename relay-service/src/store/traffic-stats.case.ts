// The traffic statistics conformance suite: every queue store engine (SQLite, PostgreSQL) runs these same cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueStore } from './queue-store.ts';

const minute = (n: number) => new Date(Date.UTC(2026, 11, 8, 1, n));
const zero = { accepted: 0, delivered: 0, deferred: 0, bounced: 0, rate_limited: 0 };

/** Registers the suite's tests; `open` gives a store on fresh, empty storage. */
export function trafficStatsConformance(name: string, open: () => Promise<QueueStore>): void {
  test(`${name}: traffic (rate_limited too) adds up per node and sums over nodes; queue size is the latest sample per node, max over nodes`, async () => {
    const store = await open();
    try {
      await store.traffic.addTraffic('node-a', [
        { minute: minute(1), virtual_server_id: 'vs1', ...zero, accepted: 2, delivered: 1 },
        { minute: minute(1), virtual_server_id: 'vs2', ...zero, bounced: 1 },
      ]);
      await store.traffic.addTraffic('node-a', [{ minute: minute(1), virtual_server_id: 'vs1', ...zero, accepted: 1, deferred: 3, rate_limited: 2 }]);
      await store.traffic.addTraffic('node-b', [{ minute: minute(1), virtual_server_id: 'vs1', ...zero, accepted: 4, delivered: 2, rate_limited: 5 }]);
      await store.traffic.addTraffic('node-b', [{ minute: minute(2), virtual_server_id: 'vs1', ...zero, delivered: 5, rate_limited: 1 }]);
      await store.traffic.addTraffic('node-b', []);
      await store.traffic.recordQueueSizes('node-a', minute(1), new Map([['vs1', 7]]));
      await store.traffic.recordQueueSizes('node-a', minute(1), new Map([['vs1', 3]]));
      await store.traffic.recordQueueSizes('node-b', minute(1), new Map([['vs1', 5], ['vs2', 0]]));
      await store.traffic.recordQueueSizes('node-b', minute(1), new Map());

      const all = await store.traffic.readTraffic({ from: minute(0), to: minute(60), virtualServerIds: null });
      assert.deepEqual(all, [
        { minute: minute(1), virtual_server_id: 'vs1', accepted: 7, delivered: 3, deferred: 3, bounced: 0, rate_limited: 7, queue_size: 5 },
        { minute: minute(2), virtual_server_id: 'vs1', accepted: 0, delivered: 5, deferred: 0, bounced: 0, rate_limited: 1, queue_size: null },
        { minute: minute(1), virtual_server_id: 'vs2', accepted: 0, delivered: 0, deferred: 0, bounced: 1, rate_limited: 0, queue_size: 0 },
      ]);
      assert.deepEqual((await store.traffic.readTraffic({ from: minute(0), to: minute(60), virtualServerIds: ['vs2'] })).map((r) => r.virtual_server_id), ['vs2']);
      assert.deepEqual(await store.traffic.readTraffic({ from: minute(0), to: minute(60), virtualServerIds: [] }), [], 'no servers, no rows');
      assert.deepEqual((await store.traffic.readTraffic({ from: minute(2), to: minute(3), virtualServerIds: null })).map((r) => r.minute), [minute(2)],
        'from inclusive, to exclusive');

      assert.equal(await store.traffic.pruneTraffic(minute(2)), 4, 'the rows of minute 1: node-a and node-b for vs1, vs2');
      assert.equal(await store.traffic.pruneTraffic(minute(2)), 0);
      assert.deepEqual((await store.traffic.readTraffic({ from: minute(0), to: minute(60), virtualServerIds: null })).map((r) => r.minute), [minute(2)]);
    } finally {
      await store.close();
    }
  });

  test(`${name}: queueSizes counts queued messages per virtual server, fresh and deferred`, async () => {
    const store = await open();
    try {
      assert.deepEqual(await store.traffic.queueSizes(), new Map());
      const message = (vs: string) => ({ virtual_server_id: vs, sender: 's@a.test', recipients: ['r@b.test'], client_ip: '127.0.0.1', authenticated_as: null });
      const first = await store.enqueue(message('vs1'), Buffer.from('x'));
      await store.enqueue(message('vs1'), Buffer.from('x'));
      await store.enqueue(message('vs2'), Buffer.from('x'));
      const [claimed] = await store.claimDue('node', new Date(Date.now() + 1000), 1, 60_000);
      await store.recordAttempt(claimed.id, { recipients: claimed.recipients, next_attempt_at: new Date(Date.now() + 60_000), last_error: '451 later' });
      assert.deepEqual(await store.traffic.queueSizes(), new Map([['vs1', 2], ['vs2', 1]]));
      await store.remove(first);
      assert.equal((await store.traffic.queueSizes()).get('vs1'), 1, 'a removed message leaves the count');
    } finally {
      await store.close();
    }
  });
}
