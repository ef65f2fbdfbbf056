// Runs the RateCounterStore conformance suite against PostgreSQL (a database per test), and checks the table is UNLOGGED.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresSkip, startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.ts';
import { rateCounterStoreConformance } from '../rate-counter-store.case.ts';
import { PostgresRateCounterStore } from './rate-counter-store.ts';

if (postgresSkip) {
  test('postgres rate counters', { skip: postgresSkip }, () => undefined);
} else {
  let server: TestPostgres;
  before(async () => { server = await startTestPostgres(); });
  after(() => server?.stop());
  let current = '';

  rateCounterStoreConformance('postgres', {
    open: async () => PostgresRateCounterStore.open((current = await server.createDatabase())),
    openShared: async () => PostgresRateCounterStore.open(current),
  });

  test('postgres rate counters: the table is UNLOGGED (no WAL per count)', async () => {
    const store = await PostgresRateCounterStore.open((current = await server.createDatabase()));
    const client = new pg.Client({ connectionString: current });
    await client.connect();
    try {
      const { rows } = await client.query<{ relpersistence: string }>("SELECT relpersistence FROM pg_class WHERE relname = 'rate_counters'");
      assert.deepEqual(rows, [{ relpersistence: 'u' }]);
    } finally {
      await client.end();
      await store.close();
    }
  });
}
