// The durable mail queue on SQLite (<data-dir>/queue.sqlite): WAL, group-committed writes (enqueues synced before they resolve), leased claims.
import Database from 'better-sqlite3';
import { freshMessage, MessageDataMissing, type BulkPage, type EnqueueOptions, type BulkResult, type DeadLetter, type DeadLetterVerdict, type NewMessage, type QueuedMessage, type QueueFilter, type QueueStore } from '../queue-store.ts';
import { GroupCommit } from '../group-commit.ts';
import { deadLetterColumns, messageColumns } from '../queue-columns.ts';
import { toDeadLetter, toMessage, type DeadLetterRow, type QueueRow } from './queue-rows.ts';
import { prepareQueueDatabase } from './queue-schema.ts';
import { SqliteTrafficStats } from './sqlite-traffic-stats.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { WalSync } from './wal-sync.ts';
import { traceMessage } from '../../step-trace.ts';

/** QueueFilter as SQL over the named parameters @vs, @state and @domain (filterParameters). */
const filterSql = `(@vs IS NULL OR virtual_server_id = @vs) AND (@state IS NULL OR state = @state)
  AND (@domain IS NULL OR EXISTS (SELECT 1 FROM json_each(recipients) r WHERE json_extract(r.value, '$.status') = 'pending'
    AND lower(substr(json_extract(r.value, '$.address'), -length(@domain) - 1)) = '@' || lower(@domain)))`;

const filterParameters = (filter: QueueFilter) =>
  ({ vs: filter.virtual_server_id ?? null, state: filter.state ?? null, domain: filter.recipient_domain ?? null });

/** Queue writes between two WAL checkpoints; SQLite's own auto-checkpoint (1000 WAL pages) comes at about as many. */
const writesPerCheckpoint = 250;

export interface QueueStoreOptions {
  /** How long an outcome's commit waits for an enqueue's fsync to cover it before it gets one of its own (100 ms; WalSync.syncSoon). */
  outcomeSyncMs?: number;
}

/**
 * QueueStore on one SQLite file. One instance per process; several processes may share the file.
 * Enqueues, claims and attempt outcomes requested within one event-loop turn share one transaction
 * (synchronous=NORMAL: the commit only writes the WAL). An enqueue then waits for an fsync of the WAL
 * that started after its commit (WalSync: on libuv's thread pool, shared by every commit made
 * meanwhile, while the event loop keeps serving; on the event loop itself for a message that is alone,
 * EnqueueOptions.alone), so it resolves only once durable, as with
 * synchronous=FULL. Claims and outcomes resolve at commit: they survive a crash of the process at
 * once, and a power loss once the next fsync synced the WAL past them (the WAL is synced in order): an
 * outcome is synced within 100 ms, by the next enqueue's fsync or else one of its own (WalSync.syncSoon).
 * Losing such a commit to a power loss can deliver a message again (as Postfix's unsynced queue-file
 * removal can), never lose one.
 */
export class SqliteQueueStore implements QueueStore {
  private readonly db: Database.Database;
  private readonly writes: GroupCommit<() => void>;
  private readonly wal: WalSync;
  private readonly checkpointer: WalCheckpointer;
  readonly traffic: SqliteTrafficStats;
  private writesSinceCheckpoint = 0;
  private threadCheckpoints = 0;
  private readonly statements;
  private committed = 0;
  private closed = false;

  private constructor(file: string, options: QueueStoreOptions) {
    this.db = new Database(file);
    prepareQueueDatabase(this.db);
    this.traffic = new SqliteTrafficStats(this.db);
    this.wal = new WalSync(`${file}-wal`, options.outcomeSyncMs);
    // Checkpoints are this store's own (checkpointIfDue), mostly on the checkpoint thread.
    this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = new WalCheckpointer(file);
    this.statements = {
      insertMessage: this.db.prepare(`INSERT INTO queue_messages (id, virtual_server_id, sender, recipients, size,
        client_ip, authenticated_as, received_at, next_attempt_at, state, lease_owner, lease_expires_at, smtputf8, body, dead_letter_notice)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'fresh', ?, ?, ?, ?, ?)`),
      insertData: this.db.prepare('INSERT INTO queue_data (id, data) VALUES (?, ?)'),
      due: this.db.prepare(`SELECT ${messageColumns} FROM queue_messages WHERE state = ? AND next_attempt_at <= ?
        AND (lease_expires_at IS NULL OR lease_expires_at <= ?) ORDER BY next_attempt_at, received_at LIMIT ?`),
      lease: this.db.prepare('UPDATE queue_messages SET lease_owner = ?, lease_expires_at = ? WHERE id = ?'),
      defer: this.db.prepare(`UPDATE queue_messages SET recipients = ?, next_attempt_at = ?, last_error = ?, attempts = attempts + 1,
        state = 'deferred', delay_notified = COALESCE(?, delay_notified), lease_owner = NULL, lease_expires_at = NULL WHERE id = ?`),
      readData: this.db.prepare('SELECT data FROM queue_data WHERE id = ?'),
      deleteData: this.db.prepare('DELETE FROM queue_data WHERE id = ?'),
      deleteMessage: this.db.prepare('DELETE FROM queue_messages WHERE id = ?'),
      // The data of a message whose data row is missing (a damaged entry) is kept as empty.
      insertDeadLetter: this.db.prepare(`INSERT INTO dead_letters (id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as,
          reason, reason_class, received_at, dead_at, expires_at, data)
        SELECT m.id, m.virtual_server_id, m.sender, @recipients, m.size, m.client_ip, m.authenticated_as,
          @reason, @reason_class, m.received_at, @dead_at, @expires_at, COALESCE(d.data, x'')
        FROM queue_messages m LEFT JOIN queue_data d ON d.id = m.id WHERE m.id = @id`),
    };
    const writeBatch = this.db.transaction((items: Array<() => void>) => {
      for (const write of items) write();
    });
    this.writes = new GroupCommit((items) => {
      writeBatch.immediate(items);
      this.committed += 1;
      this.writesSinceCheckpoint += items.length;
    }, () => this.checkpointIfDue());
  }

  /** Opens (creating when missing) the queue database at `file` and migrates it. */
  static open(file: string, options: QueueStoreOptions = {}): SqliteQueueStore {
    return new SqliteQueueStore(file, options);
  }

  /** WAL fsyncs completed by this instance; shared by the enqueues committed while the previous one ran. */
  get syncs(): number {
    return this.wal.syncs;
  }

  /** WAL checkpoints the checkpoint thread ran for this instance. */
  get checkpoints(): number {
    return this.threadCheckpoints;
  }

  /** Write transactions committed by this instance; with group commit, fewer than enqueued messages. */
  get commits(): number {
    return this.committed;
  }

  /** Enqueues whose WAL fsync ran on the event loop (EnqueueOptions.alone). */
  get inlineSyncs(): number {
    return this.wal.inlineSyncs;
  }

  async enqueue(message: NewMessage, data: Buffer): Promise<string> {
    return (await this.insert(message, data, null, 0, false)).id;
  }

  async enqueueClaimed(message: NewMessage, data: Buffer, owner: string, leaseMs: number, options: EnqueueOptions = {}): Promise<QueuedMessage> {
    return this.insert(message, data, owner, leaseMs, options.alone === true);
  }

  private async insert(message: NewMessage, data: Buffer, owner: string | null, leaseMs: number, alone: boolean): Promise<QueuedMessage> {
    if (this.closed) throw new Error('queue store is closed');
    const stored = freshMessage(message, data.length);
    const { insertMessage, insertData } = this.statements;
    const at = stored.received_at.getTime();
    const recipients = JSON.stringify(stored.recipients);
    await this.writes.add(() => {
      insertMessage.run(stored.id, stored.virtual_server_id, stored.sender, recipients, stored.size, stored.client_ip, stored.authenticated_as,
        at, at, owner, owner === null ? null : at + leaseMs, Number(stored.smtputf8), stored.body, Number(stored.dead_letter_notice));
      insertData.run(stored.id, data);
    });
    traceMessage(stored.id, 'queue_committed');
    await this.wal.sync(alone);
    traceMessage(stored.id, 'queue_synced');
    return stored;
  }

  async claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const at = now.getTime();
    const { due, lease } = this.statements;
    let rows: QueueRow[] = [];
    await this.writes.add(() => {
      rows = due.all('fresh', at, at, limit) as QueueRow[];
      if (rows.length < limit) rows.push(...(due.all('deferred', at, at, limit - rows.length) as QueueRow[]));
      for (const row of rows) lease.run(owner, at + leaseMs, row.id);
    });
    return rows.map(toMessage);
  }

  async renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void> {
    const renew = this.db.prepare('UPDATE queue_messages SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?');
    const until = Date.now() + leaseMs;
    this.db.transaction(() => { for (const id of ids) renew.run(until, id, owner); }).immediate();
  }

  async releaseLeases(owner: string): Promise<number> {
    return this.db.prepare('UPDATE queue_messages SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?').run(owner).changes;
  }

  async readData(id: string): Promise<Buffer> {
    const row = this.statements.readData.get(id) as { data: Buffer } | undefined;
    if (!row) throw new MessageDataMissing(id);
    return row.data;
  }

  /** A message removed meanwhile (management DELETE) stays removed: the outcome is dropped. */
  async recordAttempt(id: string, outcome: Parameters<QueueStore['recordAttempt']>[1]): Promise<void> {
    const finished = !outcome.recipients.some((r) => r.status === 'pending');
    await this.writes.add(() => {
      if (finished) {
        this.deleteMessage(id);
        return;
      }
      this.statements.defer.run(JSON.stringify(outcome.recipients), outcome.next_attempt_at.getTime(), outcome.last_error,
        outcome.delay_notified === undefined ? null : Number(outcome.delay_notified), id);
    });
    // Nobody waits for it: synced by the next enqueue's fsync, or in the background if none comes soon (WalSync.syncSoon).
    this.wal.syncSoon();
  }

  async get(id: string): Promise<QueuedMessage | null> {
    const row = this.db.prepare(`SELECT ${messageColumns} FROM queue_messages WHERE id = ?`).get(id) as QueueRow | undefined;
    return row ? toMessage(row) : null;
  }

  async list(filter: Parameters<QueueStore['list']>[0]): Promise<QueuedMessage[]> {
    const rows = this.db.prepare(`SELECT ${messageColumns} FROM queue_messages WHERE ${filterSql}
      ORDER BY received_at, id LIMIT @limit OFFSET @offset`)
      .all({ ...filterParameters(filter), limit: filter.limit, offset: filter.offset }) as QueueRow[];
    return rows.map(toMessage);
  }

  async count(filter: QueueFilter = {}): Promise<{ fresh: number; deferred: number }> {
    const rows = this.db.prepare(`SELECT state, COUNT(*) AS n FROM queue_messages WHERE ${filterSql} GROUP BY state`)
      .all(filterParameters(filter)) as Array<{ state: string; n: number }>;
    const n = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { fresh: n('fresh'), deferred: n('deferred') };
  }

  async retryNow(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE queue_messages SET next_attempt_at = ? WHERE id = ?').run(Date.now(), id).changes > 0;
  }

  /** Synced before it resolves: a removal the operator was told about does not come back after a power loss. */
  async remove(id: string): Promise<boolean> {
    const removed = this.db.transaction(() => this.deleteMessage(id)).immediate();
    await this.wal.sync();
    return removed;
  }

  async retryMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult> {
    const retry = this.db.prepare('UPDATE queue_messages SET next_attempt_at = ? WHERE id = ?');
    const now = Date.now();
    return this.db.transaction(() => this.eachOfPage(filter, page, (id) => retry.run(now, id).changes > 0)).immediate();
  }

  async removeMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult> {
    const result = this.db.transaction(() => this.eachOfPage(filter, page, (id) => this.deleteMessage(id))).immediate();
    await this.wal.sync();
    return result;
  }

  /**
   * Runs `change` on each message of the page (inside the caller's transaction); counts the ones it changed. One id
   * beyond the page is read to tell whether another page follows.
   */
  private eachOfPage(filter: QueueFilter, page: BulkPage, change: (id: string) => boolean): BulkResult {
    const ids = (this.db.prepare(`SELECT id FROM queue_messages WHERE ${filterSql} AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @limit`)
      .all({ ...filterParameters(filter), after: page.after, limit: page.limit + 1 }) as Array<{ id: string }>).map((row) => row.id);
    const affected = ids.slice(0, page.limit).filter(change).length;
    return { affected, next_after: ids.length > page.limit ? ids[page.limit - 1] : null };
  }

  /**
   * Group-committed and synced soon, like an outcome: the move is one transaction, so a power loss that loses it
   * leaves the message queued (tried again), never lost.
   */
  async deadLetter(id: string, verdict: DeadLetterVerdict): Promise<boolean> {
    let moved = false;
    await this.writes.add(() => {
      moved = this.statements.insertDeadLetter.run({
        id, recipients: JSON.stringify(verdict.recipients), reason: verdict.reason, reason_class: verdict.reason_class,
        dead_at: verdict.dead_at.getTime(), expires_at: verdict.expires_at.getTime(),
      }).changes > 0;
      if (moved) this.deleteMessage(id);
    });
    this.wal.syncSoon();
    return moved;
  }

  async listDeadLetters(filter: Parameters<QueueStore['listDeadLetters']>[0]): Promise<DeadLetter[]> {
    const rows = this.db.prepare(`SELECT ${deadLetterColumns} FROM dead_letters WHERE (@vs IS NULL OR virtual_server_id = @vs)
      ORDER BY dead_at, id LIMIT @limit OFFSET @offset`)
      .all({ vs: filter.virtual_server_id ?? null, limit: filter.limit, offset: filter.offset }) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  async getDeadLetter(id: string): Promise<DeadLetter | null> {
    const row = this.db.prepare(`SELECT ${deadLetterColumns} FROM dead_letters WHERE id = ?`).get(id) as DeadLetterRow | undefined;
    return row ? toDeadLetter(row) : null;
  }

  async readDeadLetterData(id: string): Promise<Buffer> {
    const row = this.db.prepare('SELECT data FROM dead_letters WHERE id = ?').get(id) as { data: Buffer } | undefined;
    if (!row) throw new Error(`dead letter ${id} does not exist`);
    return row.data;
  }

  async removeDeadLetter(id: string): Promise<boolean> {
    const removed = this.db.prepare('DELETE FROM dead_letters WHERE id = ?').run(id).changes > 0;
    await this.wal.sync();
    return removed;
  }

  async sweepDeadLetters(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM dead_letters WHERE expires_at <= ?').run(now.getTime()).changes;
  }

  /** Waits for enqueues in flight to commit, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drain();
    await this.wal.close();
    await this.checkpointer.close();
    this.db.close();
  }

  /**
   * Runs between two group commits, so no write of this store races it and the checkpoint completes (the next write
   * then restarts the WAL from its start). On the checkpoint thread the event loop goes on serving sessions, whose
   * writes wait for it; while that thread is not there, the checkpoint runs here, as SQLite's own would.
   */
  private async checkpointIfDue(): Promise<void> {
    if (this.writesSinceCheckpoint < writesPerCheckpoint) return;
    this.writesSinceCheckpoint = 0;
    if (await this.checkpointer.checkpoint()) {
      this.threadCheckpoints += 1;
      return;
    }
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A failing checkpoint (I/O error) leaves the WAL as it was; the next commit reports the storage problem.
    }
  }

  private deleteMessage(id: string): boolean {
    this.statements.deleteData.run(id);
    return this.statements.deleteMessage.run(id).changes > 0;
  }
}
