// Opens the config store and the queue store of one relay process: SQLite files in the data dir, or a shared PostgreSQL database.
import { join } from 'node:path';
import type { SecretBox } from './auth/secret-box.ts';
import type { ConfigStore } from './store/config-store.ts';
import { openPostgresStores } from './store/postgres/open-postgres-stores.ts';
import type { QueueStore } from './store/queue-store.ts';
import { SqliteConfigStore } from './store/sqlite/config-store.ts';
import { SqliteQueueStore } from './store/sqlite/queue-store.ts';

/** Both stores: on `databaseUrl` when given (the secret key checked against the other nodes'), else `<dataDir>/config.sqlite` and `queue.sqlite`. */
export async function openStores(dataDir: string, databaseUrl: string | undefined, secretBox: SecretBox): Promise<{ store: ConfigStore; queue: QueueStore }> {
  if (databaseUrl) return openPostgresStores(databaseUrl, secretBox);
  const store = SqliteConfigStore.open(join(dataDir, 'config.sqlite'));
  try {
    return { store, queue: SqliteQueueStore.open(join(dataDir, 'queue.sqlite')) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
