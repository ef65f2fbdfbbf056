// Opens the config, queue and rate counter stores of one relay process: SQLite files in the data dir, or a shared PostgreSQL database.
import { join } from 'node:path';
import type { SecretBox } from './auth/secret-box.ts';
import type { ConfigStore } from './store/config-store.ts';
import { openPostgresStores } from './store/postgres/open-postgres-stores.ts';
import type { QueueStore } from './store/queue-store.ts';
import { MemoryRateCounterStore } from './store/memory-rate-counter-store.ts';
import type { RateCounterStore } from './store/rate-counter-store.ts';
import { PostgresRateCounterStore } from './store/postgres/rate-counter-store.ts';
import { SqliteConfigStore } from './store/sqlite/config-store.ts';
import { SqliteQueueStore } from './store/sqlite/queue-store.ts';
import { SqliteRateCounterStore } from './store/sqlite/rate-counter-store.ts';

/** The stores of one process; `close` closes all three. */
export interface OpenStores {
  store: ConfigStore;
  queue: QueueStore;
  rateCounters: RateCounterStore;
}

/**
 * The stores on `databaseUrl` when given (the secret key checked against the other nodes'), else
 * `<dataDir>/config.sqlite`, `queue.sqlite` and, for rate counters shared by worker processes (`counters: 'shared'`),
 * `rate-counters.sqlite` (apart from the queue: that file is never fsynced). A single-process relay on SQLite is the
 * only one counting (`'this-process'`): its counters stay in memory.
 */
export async function openStores(dataDir: string, databaseUrl: string | undefined, secretBox: SecretBox, counters: 'shared' | 'this-process' = 'shared'): Promise<OpenStores> {
  if (databaseUrl) {
    const { store, queue } = await openPostgresStores(databaseUrl, secretBox);
    try {
      return { store, queue, rateCounters: await PostgresRateCounterStore.open(databaseUrl) };
    } catch (error) {
      await queue.close();
      await store.close();
      throw error;
    }
  }
  const store = SqliteConfigStore.open(join(dataDir, 'config.sqlite'));
  try {
    const queue = SqliteQueueStore.open(join(dataDir, 'queue.sqlite'));
    const rateCounters = counters === 'shared' ? SqliteRateCounterStore.open(join(dataDir, 'rate-counters.sqlite')) : new MemoryRateCounterStore();
    return { store, queue, rateCounters };
  } catch (error) {
    await store.close();
    throw error;
  }
}
