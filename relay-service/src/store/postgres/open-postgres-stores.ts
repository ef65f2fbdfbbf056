// Opens the config store and the queue store of one relay node on a shared PostgreSQL database.
import { PostgresConfigStore } from './config-store.ts';
import { PostgresQueueStore } from './queue-store.ts';
import type { SealingKey } from './secret-key-check.ts';

/** True for the URLs that select PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Both stores on `url` (schema migrated under the migration lock), after checking that this node seals secrets
 * with the same key as the others. When something fails, what was opened is closed again.
 */
export async function openPostgresStores(url: string, secretKey: SealingKey): Promise<{ store: PostgresConfigStore; queue: PostgresQueueStore }> {
  const store = await PostgresConfigStore.open(url);
  try {
    await store.checkSecretKey(secretKey);
    return { store, queue: await PostgresQueueStore.open(url) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
