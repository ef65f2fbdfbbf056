// The shared mail queue on PostgreSQL: group-committed enqueues and outcomes, bodies as bytea, claims leased with FOR UPDATE SKIP LOCKED.
import type pg from 'pg';
import { freshMessage, MessageDataMissing, type BulkPage, type BulkResult, type DeadLetter, type DeadLetterVerdict, type NewMessage, type QueuedMessage, type QueueFilter, type QueueStore } from '../queue-store.ts';
import { GroupCommit } from '../group-commit.ts';
import { createPool, openPool } from './postgres-pool.ts';
import { PostgresTrafficStats } from './postgres-traffic-stats.ts';
// Selected together, these columns form QueuedMessage and DeadLetter values as node-postgres parses them:
// timestamptz as Date, json parsed, boolean as boolean.
import { deadLetterColumns, messageColumns } from '../queue-columns.ts';
import { claimOrder } from './claim-order.ts';

interface Enqueued {
  /** The message as it is stored (freshMessage). */
  stored: QueuedMessage;
  data: Buffer;
  /** Set when the message is stored already claimed (enqueueClaimed). */
  lease: { owner: string; until: Date } | null;
}

interface Outcome {
  id: string;
  outcome: Parameters<QueueStore['recordAttempt']>[1];
}

/** Enqueue batches up to this size run as statements prepared once per connection (their text depends on the size). */
const preparedBatchSizes = 32;

/** QueueFilter as SQL over $1 (virtual server), $2 (state) and $3 (recipient domain): filterValues gives them. */
const filterSql = `($1::text IS NULL OR virtual_server_id = $1) AND ($2::text IS NULL OR state = $2)
  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM json_array_elements(recipients) r WHERE r->>'status' = 'pending'
    AND lower(right(r->>'address', length($3) + 1)) = '@' || lower($3)))`;

const filterValues = (filter: QueueFilter) => [filter.virtual_server_id ?? null, filter.state ?? null, filter.recipient_domain ?? null];

/** Due rows of one state that nobody holds (or whose holder's lease ran out), locked; rows another claim has locked are skipped. */
const dueSql = (state: QueuedMessage['state'], limit: string) => `SELECT id FROM queue_messages
    WHERE state = '${state}' AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
    ORDER BY next_attempt_at, received_at LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;

/** Leases up to $2 due rows, fresh ones first, deferred ones only for the room left: one statement, one round trip. */
const claimSql = `WITH fresh AS (${dueSql('fresh', '$2')}),
    deferred AS (${dueSql('deferred', '$2 - (SELECT count(*) FROM fresh)')})
  UPDATE queue_messages m SET lease_owner = $3, lease_expires_at = $4
  FROM (SELECT id FROM fresh UNION ALL SELECT id FROM deferred) due WHERE m.id = due.id
  RETURNING ${messageColumns.replace(/(\w+)/g, 'm.$1')}`;

/**
 * QueueStore on a PostgreSQL database shared by every relay node. A claim is a lease (owner + expiry): other
 * nodes skip it until it expires, so the messages of a node that died are delivered by another one after
 * at most one lease time. Lease expiry compares the claiming node's clock, so nodes need synchronized clocks.
 *
 * Enqueues commit with synchronous_commit on (flushed before the 250). Claims, lease renewals and delivery
 * outcomes go over a second pool with synchronous_commit off: they do not wait for the WAL flush. A server
 * crash may forget the last of them (at most ~3 x wal_writer_delay); the message is then delivered again once
 * its lease runs out, which is the at-least-once delivery the queue promises anyway. WAL is flushed in order,
 * so an acknowledged enqueue never depends on them.
 */
export class PostgresQueueStore implements QueueStore {
  private readonly batches: GroupCommit<Enqueued>;
  private readonly outcomes: GroupCommit<Outcome>;
  readonly traffic: PostgresTrafficStats;
  private committed = 0;
  private closed = false;

  private constructor(private readonly pool: pg.Pool, private readonly lazy: pg.Pool) {
    this.batches = new GroupCommit((items) => this.writeBatch(items));
    this.outcomes = new GroupCommit((items) => this.writeOutcomes(items));
    this.traffic = new PostgresTrafficStats(pool);
  }

  /** Connects to `url` and migrates the schema. */
  static async open(url: string): Promise<PostgresQueueStore> {
    const pool = await openPool(url, 10, { synchronous_commit: 'on' });
    return new PostgresQueueStore(pool, createPool(url, 2, { synchronous_commit: 'off' }));
  }

  /** Enqueue transactions committed by this instance; with group commit, fewer than enqueued messages. */
  get commits(): number {
    return this.committed;
  }

  async enqueue(message: NewMessage, data: Buffer): Promise<string> {
    return (await this.insert(message, data, null, 0)).id;
  }

  async enqueueClaimed(message: NewMessage, data: Buffer, owner: string, leaseMs: number): Promise<QueuedMessage> {
    return this.insert(message, data, owner, leaseMs);
  }

  private async insert(message: NewMessage, data: Buffer, owner: string | null, leaseMs: number): Promise<QueuedMessage> {
    if (this.closed) throw new Error('queue store is closed');
    const stored = freshMessage(message, data.length);
    const lease = owner === null ? null : { owner, until: new Date(stored.received_at.getTime() + leaseMs) };
    await this.batches.add({ stored, data, lease });
    return stored;
  }

  /**
   * One statement (both multi-row INSERTs, so one round trip and one transaction); it returns only once the
   * server has flushed it (the pool's synchronous_commit on). Bodies go as binary parameters of their own
   * (a bytea[] parameter would be sent as hex text and parsed back by the server).
   */
  private async writeBatch(items: Enqueued[]): Promise<void> {
    const column = <T>(pick: (item: Enqueued) => T) => items.map(pick);
    const bodies = items.map((_, i) => `(($1::text[])[${i + 1}], $${i + 14}::bytea)`).join(', ');
    await this.pool.query({
      ...(items.length <= preparedBatchSizes ? { name: `queue-enqueue-${items.length}` } : {}),
      text: `WITH messages AS (INSERT INTO queue_messages (id, virtual_server_id, sender, recipients, size,
          client_ip, authenticated_as, received_at, next_attempt_at, state, lease_owner, lease_expires_at, smtputf8, body, dead_letter_notice)
        SELECT id, vs, sender, recipients::json, size, client_ip, authenticated_as, at, at, 'fresh', lease_owner, lease_expires_at, smtputf8, body, notice
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[],
          $9::text[], $10::timestamptz[], $11::boolean[], $12::text[], $13::boolean[])
          AS t (id, vs, sender, recipients, size, client_ip, authenticated_as, at, lease_owner, lease_expires_at, smtputf8, body, notice))
      INSERT INTO queue_data (id, data) VALUES ${bodies}`,
      values: [
        column((i) => i.stored.id), column((i) => i.stored.virtual_server_id), column((i) => i.stored.sender),
        column((i) => JSON.stringify(i.stored.recipients)), column((i) => i.stored.size), column((i) => i.stored.client_ip),
        column((i) => i.stored.authenticated_as), column((i) => i.stored.received_at),
        column((i) => i.lease?.owner ?? null), column((i) => i.lease?.until ?? null),
        column((i) => i.stored.smtputf8), column((i) => i.stored.body), column((i) => i.stored.dead_letter_notice),
        ...column((i) => i.data),
      ],
    });
    this.committed += 1;
  }

  async claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const until = new Date(now.getTime() + leaseMs);
    const { rows } = await this.lazy.query<QueuedMessage>({ name: 'queue-claim', text: claimSql, values: [now, limit, owner, until] });
    return rows.sort(claimOrder);
  }

  async renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void> {
    await this.lazy.query('UPDATE queue_messages SET lease_expires_at = $1 WHERE id = ANY($2::text[]) AND lease_owner = $3',
      [new Date(Date.now() + leaseMs), ids, owner]);
  }

  async releaseLeases(owner: string): Promise<number> {
    const result = await this.pool.query('UPDATE queue_messages SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1', [owner]);
    return result.rowCount ?? 0;
  }

  async readData(id: string): Promise<Buffer> {
    // Text result format (hex): node-postgres decodes binary-format rows as UTF-8 first, which corrupts bytea.
    const { rows } = await this.pool.query<{ data: Buffer }>({ name: 'queue-read-data', text: 'SELECT data FROM queue_data WHERE id = $1', values: [id] });
    if (!rows[0]) throw new MessageDataMissing(id);
    return rows[0].data;
  }

  /** Group-committed with the other outcomes of this event-loop turn. A message removed meanwhile (management DELETE) stays removed. */
  async recordAttempt(id: string, outcome: Outcome['outcome']): Promise<void> {
    await this.outcomes.add({ id, outcome });
  }

  /** One statement: done messages are deleted (bodies cascade), the others deferred and released. */
  private async writeOutcomes(items: Outcome[]): Promise<void> {
    const pending = (item: Outcome) => item.outcome.recipients.some((r) => r.status === 'pending');
    const [later, done] = [items.filter(pending), items.filter((item) => !pending(item))];
    await this.lazy.query({ name: 'queue-outcomes', text: `WITH done AS (DELETE FROM queue_messages WHERE id = ANY($1::text[]))
      UPDATE queue_messages m SET recipients = u.recipients::json, next_attempt_at = u.next_at, last_error = u.last_error,
        attempts = m.attempts + 1, state = 'deferred', delay_notified = COALESCE(u.delay_notified, m.delay_notified),
        lease_owner = NULL, lease_expires_at = NULL
      FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::boolean[]) AS u (id, recipients, next_at, last_error, delay_notified)
      WHERE m.id = u.id`, values: [
      done.map((item) => item.id), later.map((item) => item.id), later.map((item) => JSON.stringify(item.outcome.recipients)),
      later.map((item) => item.outcome.next_attempt_at), later.map((item) => item.outcome.last_error),
      later.map((item) => item.outcome.delay_notified ?? null),
    ] });
  }

  async get(id: string): Promise<QueuedMessage | null> {
    const { rows } = await this.pool.query<QueuedMessage>(`SELECT ${messageColumns} FROM queue_messages WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async list(filter: Parameters<QueueStore['list']>[0]): Promise<QueuedMessage[]> {
    const { rows } = await this.pool.query<QueuedMessage>(`SELECT ${messageColumns} FROM queue_messages WHERE ${filterSql}
      ORDER BY received_at, id LIMIT $4 OFFSET $5`, [...filterValues(filter), filter.limit, filter.offset]);
    return rows;
  }

  async count(filter: QueueFilter = {}): Promise<{ fresh: number; deferred: number }> {
    const { rows } = await this.pool.query<{ state: string; n: string }>(`SELECT state, COUNT(*) AS n FROM queue_messages WHERE ${filterSql} GROUP BY state`,
      filterValues(filter));
    const n = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
    return { fresh: n('fresh'), deferred: n('deferred') };
  }

  async retryNow(id: string): Promise<boolean> {
    return ((await this.pool.query('UPDATE queue_messages SET next_attempt_at = $1 WHERE id = $2', [new Date(), id])).rowCount ?? 0) > 0;
  }

  /** The body goes with the row (ON DELETE CASCADE). */
  async remove(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM queue_messages WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async retryMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult> {
    return this.changePage(filter, page, 'UPDATE queue_messages m SET next_attempt_at = now() FROM page WHERE m.id = page.id');
  }

  /** The bodies go with the rows (ON DELETE CASCADE). */
  async removeMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult> {
    return this.changePage(filter, page, 'DELETE FROM queue_messages m USING page WHERE m.id = page.id');
  }

  /**
   * One statement: selects the page (`page`, by id, with one id beyond it in `candidates` to tell whether another page
   * follows) and runs `change` on it; the cursor comes from the page, the count from the change.
   */
  private async changePage(filter: QueueFilter, page: BulkPage, change: string): Promise<BulkResult> {
    const { rows } = await this.pool.query<{ affected: string; last: string | null; seen: string }>(`WITH candidates AS (
        SELECT id FROM queue_messages WHERE ${filterSql} AND ($4::text IS NULL OR id > $4) ORDER BY id LIMIT $5::int + 1),
      page AS (SELECT id FROM candidates ORDER BY id LIMIT $5::int),
      changed AS (${change} RETURNING m.id)
      SELECT (SELECT COUNT(*) FROM changed) AS affected, (SELECT MAX(id) FROM page) AS last, (SELECT COUNT(*) FROM candidates) AS seen`,
    [...filterValues(filter), page.after, page.limit]);
    const { affected, last, seen } = rows[0];
    return { affected: Number(affected), next_after: Number(seen) > page.limit ? last : null };
  }

  /**
   * One statement, committed with synchronous_commit on: the row is copied with its data (empty when the data row is
   * missing) and deleted from the queue (the data cascades). A message removed meanwhile is not stored.
   */
  async deadLetter(id: string, verdict: DeadLetterVerdict): Promise<boolean> {
    const { rowCount } = await this.pool.query(`WITH gone AS (DELETE FROM queue_messages WHERE id = $1 RETURNING *)
      INSERT INTO dead_letters (id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as, reason, reason_class,
        received_at, dead_at, expires_at, data)
      SELECT g.id, g.virtual_server_id, g.sender, $2::json, g.size, g.client_ip, g.authenticated_as, $3, $4, g.received_at, $5, $6,
        COALESCE((SELECT data FROM queue_data WHERE id = $1), ''::bytea)
      FROM gone g`, [id, JSON.stringify(verdict.recipients), verdict.reason, verdict.reason_class, verdict.dead_at, verdict.expires_at]);
    return (rowCount ?? 0) > 0;
  }

  async listDeadLetters(filter: Parameters<QueueStore['listDeadLetters']>[0]): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetter>(`SELECT ${deadLetterColumns} FROM dead_letters WHERE ($1::text IS NULL OR virtual_server_id = $1)
      ORDER BY dead_at, id LIMIT $2 OFFSET $3`, [filter.virtual_server_id ?? null, filter.limit, filter.offset]);
    return rows;
  }

  async getDeadLetter(id: string): Promise<DeadLetter | null> {
    const { rows } = await this.pool.query<DeadLetter>(`SELECT ${deadLetterColumns} FROM dead_letters WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async readDeadLetterData(id: string): Promise<Buffer> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM dead_letters WHERE id = $1', [id]);
    if (!rows[0]) throw new Error(`dead letter ${id} does not exist`);
    return rows[0].data;
  }

  async removeDeadLetter(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM dead_letters WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async sweepDeadLetters(now: Date): Promise<number> {
    return (await this.pool.query('DELETE FROM dead_letters WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  /** Waits for enqueues and outcomes in flight to commit, then closes the pools. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.batches.drain(), this.outcomes.drain()]);
    await Promise.all([this.pool.end(), this.lazy.end()]);
  }
}
