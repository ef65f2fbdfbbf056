// Runs the QueueStore conformance suite against PostgreSQL (a database per test), plus a check that concurrent claims never overlap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { postgresSkip, startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.ts';
import { queueStoreConformance } from '../queue-store.case.ts';
import { trafficStatsConformance } from '../traffic-stats.case.ts';
import pg from 'pg';
import { PostgresQueueStore } from './queue-store.ts';

if (postgresSkip) {
  test('postgres queue store', { skip: postgresSkip }, () => undefined);
} else {
  let server: TestPostgres;
  before(async () => { server = await startTestPostgres(); });
  after(() => server?.stop());
  const child = fileURLToPath(new URL('./queue-store.crash-child.ts', import.meta.url));
  let current = '';

  queueStoreConformance('postgres', {
    open: async () => PostgresQueueStore.open((current = await server.createDatabase())),
    reopen: async () => PostgresQueueStore.open(current),
    spawnEnqueuer: () => spawn(process.execPath, ['--import', 'tsx', child, current], { stdio: ['ignore', 'pipe', 'inherit'] }),
    commits: (store) => (store as PostgresQueueStore).commits,
  });
  trafficStatsConformance('postgres', async () => PostgresQueueStore.open(await server.createDatabase()));

  test('postgres: minutes counted before traffic_minutes had rate_limited read it as 0 after the migration', async () => {
    const url = await server.createDatabase();
    await (await PostgresQueueStore.open(url)).close();
    // Back to the schema before the migration that added rate_limited (8; 9, the config change log, with it), with a
    // minute counted then.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('ALTER TABLE traffic_minutes DROP COLUMN rate_limited');
      await client.query('DROP TABLE config_changes');
      await client.query('DELETE FROM schema_migrations WHERE version >= 8');
      await client.query(`INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, accepted, queue_size) VALUES ('1970-01-01T00:01:00Z', 'vs', 'node-a', 4, 2)`);
    } finally {
      await client.end();
    }
    const store = await PostgresQueueStore.open(url);
    try {
      assert.deepEqual(await store.traffic.readTraffic({ from: new Date(0), to: new Date(120_000), virtualServerIds: null }), [
        { minute: new Date(60_000), virtual_server_id: 'vs', accepted: 4, delivered: 0, deferred: 0, bounced: 0, rate_limited: 0, queue_size: 2 },
      ]);
    } finally {
      await store.close();
    }
  });

  test('postgres: bodies of every byte value round-trip exactly, several enqueued in one batch', async () => {
    const store = await PostgresQueueStore.open(await server.createDatabase());
    try {
      const envelope = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
      const bodies = [randomBytes(100 * 1024), Buffer.alloc(0), Buffer.from([0, 92, 120, 39, 255]), randomBytes(3000)];
      const commitsBefore = store.commits;
      const ids = await Promise.all(bodies.map((body) => store.enqueue(envelope, body)));
      assert.equal(store.commits - commitsBefore, 1, 'one batch');
      for (const [i, id] of ids.entries()) assert.ok((await store.readData(id)).equals(bodies[i]), `body ${i}`);
    } finally {
      await store.close();
    }
  });

  test('postgres: outcomes recorded in one event-loop turn share a statement: done ones go, pending ones are deferred', async () => {
    const store = await PostgresQueueStore.open(await server.createDatabase());
    try {
      const envelope = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => store.enqueue(envelope, Buffer.from(`m${i}`))));
      assert.equal((await store.claimDue('node-a', new Date(), 20, 60_000)).length, 20);
      const next = new Date(Date.now() + 600_000);
      await Promise.all(ids.map((id, i) => store.recordAttempt(id, {
        recipients: [{ address: 'a@b.test', status: i % 2 ? 'pending' : 'delivered', last_error: i % 2 ? `451 try ${i}` : null }],
        next_attempt_at: next, last_error: i % 2 ? `451 try ${i}` : null,
      })));
      const left = await store.list({ limit: 100, offset: 0 });
      assert.deepEqual(left.map((m) => m.id).sort(), ids.filter((_, i) => i % 2).sort(), 'the 10 delivered ones are gone');
      for (const message of left) {
        assert.deepEqual([message.state, message.attempts, message.next_attempt_at.getTime()], ['deferred', 1, next.getTime()]);
        assert.equal(message.last_error, `451 try ${ids.indexOf(message.id)}`);
      }
      assert.deepEqual(await store.claimDue('node-b', new Date(), 20, 60_000), [], 'deferred ones are released but not due');
    } finally {
      await store.close();
    }
  });

  test('postgres: three nodes claiming at once never get the same message', async () => {
    const url = await server.createDatabase();
    const nodes = await Promise.all([1, 2, 3].map(() => PostgresQueueStore.open(url)));
    try {
      const envelope = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
      const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => nodes[i % 3].enqueue(envelope, Buffer.from(`m${i}`))));
      const claimed = (await Promise.all(nodes.flatMap((node, n) => [0, 1, 2, 3].map(() => node.claimDue(`node-${n}`, new Date(), 7, 60_000)))))
        .flat().map((m) => m.id);
      assert.equal(new Set(claimed).size, claimed.length, 'no message claimed twice');
      assert.deepEqual([...claimed].sort(), [...ids].sort(), 'all 60 claimed (12 claims of up to 7)');
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });
}
