// The SQLite config store (<data-dir>/config.sqlite, WAL): serialized write transactions on one connection, reads on another.
// Write transactions that queue up together share one commit (one fsync); each still succeeds or fails alone.
import Database from 'better-sqlite3';
import { changeLogCommits, type AuditRecord, type ConfigStore, type ConfigTransaction } from '../config-store.ts';
import { migrateConfigSchema } from './config-migrations.ts';
import { SqliteConfigReads } from './sqlite-config-reads.ts';
import { SqliteConfigTransaction } from './sqlite-config-transaction.ts';

/** A transaction waiting for its turn, and how to settle its caller. */
interface PendingTransaction {
  work: (tx: ConfigTransaction) => Promise<unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * ConfigStore on a SQLite file; `open` applies pending migrations. One instance per process and file.
 * Transactions run one at a time. Those that arrive while others run (or within the same event-loop
 * turn) form a batch: one BEGIN IMMEDIATE, each transaction inside its own SAVEPOINT (a failing one is
 * rolled back to it and rejected alone), one COMMIT with synchronous=FULL. Callers are settled only
 * after that COMMIT, so a resolved transaction is durable; change listeners run once per batch.
 */
export class SqliteConfigStore extends SqliteConfigReads implements ConfigStore {
  private readonly writer: Database.Database;
  private readonly listeners = new Set<() => void>();
  private pending: PendingTransaction[] = [];
  /** The running batch loop, if any; `close` waits for it. */
  private committing: Promise<void> | null = null;

  private constructor(reader: Database.Database, writer: Database.Database) {
    super(reader);
    this.writer = writer;
  }

  /** Opens (creating if needed) the database at `file` and migrates it. */
  static open(file: string): SqliteConfigStore {
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = FULL');
    writer.pragma('busy_timeout = 5000');
    migrateConfigSchema(writer);
    const reader = new Database(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    return new SqliteConfigStore(reader, writer);
  }

  transaction<T>(work: (tx: ConfigTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (result: unknown) => void, reject });
      this.committing ??= this.commitPending();
    });
  }

  private async commitPending(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // Let the requests read in this event-loop turn queue their transactions, so they join this commit.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.pending.splice(0);
        await this.commitBatch(batch).catch((error: unknown) => {
          // BEGIN failed (another process held the write lock past busy_timeout, I/O error): nothing of
          // this batch is committed. Settling an already settled caller is a no-op.
          for (const item of batch) item.reject(error);
          try {
            if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
          } catch {
            // SQLite already ended the transaction; the next batch begins afresh.
          }
        });
      }
    } finally {
      // Also after an unexpected error: the next transaction starts a new loop instead of waiting for ever.
      this.committing = null;
    }
  }

  private async commitBatch(batch: PendingTransaction[]): Promise<void> {
    const done: Array<{ item: PendingTransaction; result: unknown }> = [];
    let changed = false;
    this.writer.exec('BEGIN IMMEDIATE');
    for (const item of batch) {
      this.writer.exec('SAVEPOINT config_tx');
      try {
        const tx = new SqliteConfigTransaction(this.writer, (await new SqliteConfigReads(this.writer).configVersion()) + 1);
        const result = await item.work(tx);
        if (tx.changed) this.writer.prepare('UPDATE config_meta SET config_version = config_version + 1').run();
        this.writer.exec('RELEASE config_tx');
        changed ||= tx.changed;
        done.push({ item, result });
      } catch (error) {
        item.reject(error);
        if (this.writer.inTransaction) {
          this.writer.exec('ROLLBACK TO config_tx');
          this.writer.exec('RELEASE config_tx');
        } else {
          // SQLite rolled the whole transaction back (I/O error, disk full): the earlier ones are lost too.
          done.splice(0).forEach(({ item: lost }) => lost.reject(error));
          changed = false;
          this.writer.exec('BEGIN IMMEDIATE');
        }
      }
    }
    try {
      if (changed) this.pruneChangeLog();
      this.writer.exec('COMMIT');
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      done.forEach(({ item }) => item.reject(error));
      return;
    }
    if (changed) this.notify();
    done.forEach(({ item, result }) => item.resolve(result));
  }

  /** Keeps the change log to the last changeLogCommits commits (an indexed range delete: usually the one oldest commit). */
  private pruneChangeLog(): void {
    this.writer.prepare('DELETE FROM config_changes WHERE version <= (SELECT config_version FROM config_meta) - ?').run(changeLogCommits);
  }

  async listAudit(filter: { limit: number; offset: number; objectId?: string }): Promise<AuditRecord[]> {
    const { limit, offset, objectId } = filter;
    const where = objectId === undefined ? '' : 'WHERE object_id = @objectId';
    const params = objectId === undefined ? { limit, offset } : { limit, offset, objectId };
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all(params) as Array<Omit<AuditRecord, 'before' | 'after'> & { before: string; after: string }>;
    return rows.map((row) => ({ ...row, before: JSON.parse(row.before), after: JSON.parse(row.after) }));
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
    await this.committing;
    this.db.close();
    this.writer.close();
  }
}
