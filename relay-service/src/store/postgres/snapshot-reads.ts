// Consistent reads for PostgreSQL: reads started in the same tick run in one REPEATABLE READ snapshot.
import type pg from 'pg';
import type { Queryable } from './postgres-pool.ts';

interface PendingRead {
  query: (db: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the reads started within one synchronous run (e.g. `Promise.all` over configVersion and several
 * lists, as a ConfigReader snapshot does) into one read-only REPEATABLE READ transaction, so together they
 * see one committed state, as they would on SQLite. A lone read runs on the pool without a transaction.
 */
export class SnapshotReads {
  private pending: PendingRead[] = [];

  constructor(private readonly pool: pg.Pool) {}

  /** Runs `query` in the batch of the current tick. */
  read<T>(query: (db: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ query, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) process.nextTick(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 1) {
      batch[0].query(this.pool).then(batch[0].resolve, batch[0].reject);
      return;
    }
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const read of batch) await read.query(client).then(read.resolve, read.reject);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      // Reads that already resolved keep their values; the rest fail with the cause.
      for (const read of batch) read.reject(error);
      client?.release(error as Error);
    }
  }
}
