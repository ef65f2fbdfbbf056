// Opens the config store and the queue store of one relay node on a shared PostgreSQL database.
import { PostgresConfigStore } from './config-store.ts';
import { PostgresQueueStore } from './queue-store.ts';

/** True for the URLs that select PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Both stores on `url` (schema migrated once, under the migration lock); when one cannot open, the other is closed again. */
export async function openPostgresStores(url: string): Promise<{ store: PostgresConfigStore; queue: PostgresQueueStore }> {
  const store = await PostgresConfigStore.open(url);
  try {
    return { store, queue: await PostgresQueueStore.open(url) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
