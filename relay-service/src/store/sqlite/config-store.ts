// The SQLite config store (<data-dir>/config.sqlite, WAL): serialized write transactions on one connection, reads on another.
import Database from 'better-sqlite3';
import type { AuditRecord, ConfigStore, ConfigTransaction } from '../config-store.ts';
import { migrateConfigSchema } from './config-migrations.ts';
import { SqliteConfigReads } from './sqlite-config-reads.ts';
import { SqliteConfigTransaction } from './sqlite-config-transaction.ts';

/** ConfigStore on a SQLite file; `open` applies pending migrations. One instance per process and file. */
export class SqliteConfigStore extends SqliteConfigReads implements ConfigStore {
  private readonly writer: Database.Database;
  private readonly listeners = new Set<() => void>();
  /** Transactions run one at a time: each waits for the previous one to settle. */
  private queue: Promise<unknown> = Promise.resolve();

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
    const run = this.queue.then(() => this.runTransaction(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: ConfigTransaction) => Promise<T>): Promise<T> {
    this.writer.exec('BEGIN IMMEDIATE');
    try {
      const tx = new SqliteConfigTransaction(this.writer, (await new SqliteConfigReads(this.writer).configVersion()) + 1);
      const result = await work(tx);
      if (tx.changed) this.writer.prepare('UPDATE config_meta SET config_version = config_version + 1').run();
      this.writer.exec('COMMIT');
      if (tx.changed) this.notify();
      return result;
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      throw error;
    }
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
    await this.queue;
    this.db.close();
    this.writer.close();
  }
}
