// The PostgreSQL config store: shared by every relay node on one database; commits are serialized on the version row.
import type pg from 'pg';
import { changeLogCommits, type AuditRecord, type ConfigStore, type ConfigTransaction } from '../config-store.ts';
import { ConfigChangeFeed, configChannel } from './config-change-feed.ts';
import { PostgresConfigReads } from './config-reads.ts';
import { PostgresConfigTransaction } from './config-transaction.ts';
import { inTransaction, openPool } from './postgres-pool.ts';
import { checkSharedSecretKey, type SealingKey } from './secret-key-check.ts';
import { SnapshotReads } from './snapshot-reads.ts';

export interface PostgresConfigStoreOptions {
  /** Safety-net poll of the config version (default 5 s); NOTIFY normally tells of other nodes' commits at once. */
  pollMs?: number;
}

/**
 * ConfigStore on a PostgreSQL database; `open` applies pending migrations. Every transaction first locks
 * the one config_meta row, so transactions of all nodes run one at a time and each sees every commit
 * before it; the version it bumps is the ETag, the same on every node. onChange fires for commits of any node.
 */
export class PostgresConfigStore extends PostgresConfigReads implements ConfigStore {
  private readonly listeners = new Set<() => void>();
  /** This node's transactions wait for each other here, so they never hold several pool connections at once. */
  private queue: Promise<unknown> = Promise.resolve();
  private feed!: ConfigChangeFeed;

  private constructor(private readonly pool: pg.Pool) {
    const reads = new SnapshotReads(pool);
    super((query) => reads.read(query));
  }

  /** Connects to `url`, migrates the schema and starts following changes. */
  static async open(url: string, options: PostgresConfigStoreOptions = {}): Promise<PostgresConfigStore> {
    const pool = await openPool(url);
    const store = new PostgresConfigStore(pool);
    try {
      store.feed = await ConfigChangeFeed.start(url, pool, () => store.notify(), options.pollMs ?? 5_000);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  transaction<T>(work: (tx: ConfigTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.runTransaction(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: ConfigTransaction) => Promise<T>): Promise<T> {
    let committed: number | null = null;
    const result = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ config_version: number }>('SELECT config_version FROM config_meta WHERE id = 1 FOR UPDATE');
      const next = rows[0].config_version + 1;
      const tx = new PostgresConfigTransaction(client, next);
      const value = await work(tx);
      if (tx.changed) {
        // The change log keeps the last changeLogCommits commits: this one prunes the commit that falls out.
        await client.query(`WITH pruned AS (DELETE FROM config_changes WHERE version <= $2)
          UPDATE config_meta SET config_version = $1 WHERE id = 1`, [next, next - changeLogCommits]);
        // Delivered to every listening node when (and only if) this transaction commits.
        await client.query('SELECT pg_notify($1, $2)', [configChannel, String(next)]);
        committed = next;
      }
      return value;
    });
    if (committed !== null) this.feed.committed(committed);
    return result;
  }

  /** Rejects when `key` is not the secret key the other nodes on this database use (see secret-key-check.ts). */
  checkSecretKey(key: SealingKey): Promise<void> {
    return checkSharedSecretKey(this.pool, key);
  }

  async listAudit(filter: { limit: number; offset: number; objectId?: string }): Promise<AuditRecord[]> {
    const { limit, offset, objectId } = filter;
    const { rows } = await this.pool.query<Omit<AuditRecord, 'at' | 'seq'> & { seq: string; at: Date }>(
      `SELECT seq, at, actor, action, object_type, object_id, before, after FROM audit_log
       WHERE $1::text IS NULL OR object_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3`, [objectId ?? null, limit, offset]);
    return rows.map((row) => ({ ...row, seq: Number(row.seq), at: row.at.toISOString() }));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A failing listener must not turn a committed transaction into an error, nor starve the other listeners. */
  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // The listener owns its errors; the commit stands.
      }
    }
  }

  async close(): Promise<void> {
    await this.queue;
    await this.feed.close();
    await this.pool.end();
  }
}
