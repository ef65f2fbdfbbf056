// Runs the QueueStore conformance suite against PostgreSQL (a database per test), plus a check that concurrent claims never overlap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { postgresSkip, startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.ts';
import { queueStoreConformance } from '../queue-store.case.ts';
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
