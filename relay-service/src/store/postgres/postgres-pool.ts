// Opens the connection pool a PostgreSQL store runs on, and the query surface shared by pools and clients.
import pg from 'pg';
import { migratePostgresSchema } from './migrations.ts';

/** What both a pool (autocommit statements) and a checked-out client (inside a transaction) offer. */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * A pool on `url` (no schema check); every connection starts with `settings` as its session defaults (sent at
 * connect, so they hold over ALTER DATABASE/ROLE defaults), e.g. `{ synchronous_commit: 'off' }`.
 */
export function createPool(url: string, max: number, settings: Record<string, string> = {}): pg.Pool {
  const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ');
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, keepAlive: true, ...(options ? { options } : {}) });
  // A broken idle connection (server restart) is dropped by the pool; the next query opens a new one or fails itself.
  pool.on('error', () => undefined);
  return pool;
}

/** createPool with the schema migrated; rejects (pool closed) when the server cannot be reached or migrated. */
export async function openPool(url: string, max = 10, settings: Record<string, string> = {}): Promise<pg.Pool> {
  const pool = createPool(url, max, settings);
  try {
    await migratePostgresSchema(pool);
    return pool;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Runs `work` in a transaction on one client: COMMIT when it resolves, ROLLBACK (and rethrow) when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError; });
    throw error;
  } finally {
    client.release(broken);
  }
}
