// Rate counters in an UNLOGGED PostgreSQL table shared by every node: an atomic upsert-and-check per take.
import type pg from 'pg';
import type { RateCount, RateCounterStore } from '../rate-counter-store.ts';
import { inTransaction, openPool } from './postgres-pool.ts';

/**
 * One statement adds one to every counter still below its limit (keys sorted, so concurrent takes lock rows in the
 * same order and cannot deadlock) and returns the keys it added to; fewer rows than counters means one was at its limit.
 */
const addSql = `INSERT INTO rate_counters (key, minute, count)
  SELECT key, $1, 1 FROM unnest($2::text[]) AS k(key) ORDER BY key
  ON CONFLICT (key, minute) DO UPDATE SET count = rate_counters.count + 1
    WHERE rate_counters.count < (SELECT l FROM unnest($2::text[], $3::int[]) AS x(k, l) WHERE x.k = rate_counters.key)
  RETURNING key`;

/**
 * RateCounterStore on the nodes' shared database. The table is UNLOGGED (see migrations.ts): no WAL, so a take costs no
 * flush, and a server crash empties it, which forgets at most the current minute's counts. A take is one transaction
 * (BEGIN, the upsert, COMMIT or ROLLBACK): the row locks of the upsert make it atomic against every other node.
 */
export class PostgresRateCounterStore implements RateCounterStore {
  private lastWindow = -1;

  private constructor(private readonly pool: pg.Pool) {}

  /** Opens a small pool on `url` (schema migrated) with synchronous_commit off: nothing here needs to be durable. */
  static async open(url: string): Promise<PostgresRateCounterStore> {
    return new PostgresRateCounterStore(await openPool(url, 4, { synchronous_commit: 'off' }));
  }

  async take(window: number, counts: RateCount[]): Promise<number> {
    if (window !== this.lastWindow) {
      this.lastWindow = window;
      await this.pool.query('DELETE FROM rate_counters WHERE minute < $1', [window - 1]);
    }
    const sorted = [...counts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const keys = sorted.map((c) => c.key);
    const refused = new Error('rate limit reached');
    try {
      await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ key: string }>(addSql, [window, keys, sorted.map((c) => c.limit)]);
        if (rows.length < keys.length) {
          const added = new Set(rows.map((r) => r.key));
          throw Object.assign(refused, { index: counts.findIndex((c) => !added.has(c.key)) });
        }
      });
      return -1;
    } catch (error) {
      if (error === refused) return (error as Error & { index: number }).index;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
