// Rate counters in their own SQLite file beside the queue, shared by the worker processes of one node; never fsynced.
import Database from 'better-sqlite3';
import type { RateCount, RateCounterStore } from '../rate-counter-store.ts';

/**
 * RateCounterStore on `<data-dir>/rate-counters.sqlite`. Counters are not worth an fsync (a crash forgets at most the
 * current minute's counts), so the file runs in WAL mode with `synchronous = OFF`, apart from the queue whose commits
 * are fsynced before every 250. Each take is one IMMEDIATE transaction: SQLite's write lock makes it atomic across the
 * processes that share the file.
 */
export class SqliteRateCounterStore implements RateCounterStore {
  private readonly db: Database.Database;
  private readonly takeAll: (window: number, counts: RateCount[]) => number;
  private lastWindow = -1;

  private constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS rate_counters (key TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (key, minute)) WITHOUT ROWID');
    // The WHERE of the upsert refuses a counter at its limit: no row comes back, and the transaction is rolled back.
    const add = this.db.prepare(`INSERT INTO rate_counters (key, minute, count) VALUES (?, ?, 1)
      ON CONFLICT (key, minute) DO UPDATE SET count = count + 1 WHERE count < ? RETURNING count`);
    const forget = this.db.prepare('DELETE FROM rate_counters WHERE minute < ?');
    const refused = new Error('rate limit reached');
    const transaction = this.db.transaction((window: number, counts: RateCount[]) => {
      if (window !== this.lastWindow) {
        forget.run(window - 1);
        this.lastWindow = window;
      }
      counts.forEach((count, index) => {
        if (add.get(count.key, window, count.limit) === undefined) throw Object.assign(refused, { index });
      });
    });
    this.takeAll = (window, counts) => {
      try {
        transaction.immediate(window, counts);
        return -1;
      } catch (error) {
        if (error === refused) return (error as Error & { index: number }).index;
        throw error;
      }
    };
  }

  /** Opens (creating when missing) the counters file. */
  static open(file: string): SqliteRateCounterStore {
    return new SqliteRateCounterStore(file);
  }

  async take(window: number, counts: RateCount[]): Promise<number> {
    return this.takeAll(window, counts);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
