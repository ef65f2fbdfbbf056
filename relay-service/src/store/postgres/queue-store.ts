// The shared mail queue on PostgreSQL: group-committed enqueues, bodies as bytea, claims leased with FOR UPDATE SKIP LOCKED.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NewMessage, QueuedMessage, QueueStore } from '../queue-store.ts';
import { GroupCommit } from '../group-commit.ts';
import { inTransaction, openPool } from './postgres-pool.ts';
import { byDueTime, messageColumns } from './queue-rows.ts';

interface Enqueued {
  id: string;
  message: NewMessage;
  data: Buffer;
  at: Date;
}

/** Leases due rows of one state that nobody holds (or whose holder's lease ran out); rows another claim has locked are skipped. */
const claimSql = `WITH due AS (
    SELECT id FROM queue_messages
    WHERE state = $1 AND next_attempt_at <= $2 AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
    ORDER BY next_attempt_at, received_at LIMIT $3
    FOR UPDATE SKIP LOCKED)
  UPDATE queue_messages m SET lease_owner = $4, lease_expires_at = $5 FROM due WHERE m.id = due.id
  RETURNING ${messageColumns.replace(/(\w+)/g, 'm.$1')}`;

/**
 * QueueStore on a PostgreSQL database shared by every relay node. A claim is a lease (owner + expiry): other
 * nodes skip it until it expires, so the messages of a node that died are delivered by another one after
 * at most one lease time. Lease expiry compares the claiming node's clock, so nodes need synchronized clocks.
 */
export class PostgresQueueStore implements QueueStore {
  private readonly batches: GroupCommit<Enqueued>;
  private committed = 0;
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {
    this.batches = new GroupCommit((items) => this.writeBatch(items));
  }

  /** Connects to `url` and migrates the schema. */
  static async open(url: string): Promise<PostgresQueueStore> {
    return new PostgresQueueStore(await openPool(url));
  }

  /** Enqueue transactions committed by this instance; with group commit, fewer than enqueued messages. */
  get commits(): number {
    return this.committed;
  }

  async enqueue(message: NewMessage, data: Buffer): Promise<string> {
    if (this.closed) throw new Error('queue store is closed');
    if (message.recipients.length === 0) throw new Error('a queued message needs at least one recipient');
    const id = randomUUID();
    await this.batches.add({ id, message, data, at: new Date() });
    return id;
  }

  /** One transaction, two multi-row INSERTs; COMMIT returns only once the server has flushed it (synchronous_commit on). */
  private async writeBatch(items: Enqueued[]): Promise<void> {
    const column = <T>(pick: (item: Enqueued) => T) => items.map(pick);
    await inTransaction(this.pool, async (client) => {
      await client.query('SET LOCAL synchronous_commit = on');
      await client.query(`INSERT INTO queue_messages (id, virtual_server_id, sender, recipients, size, client_ip,
          authenticated_as, received_at, next_attempt_at, state)
        SELECT id, vs, sender, recipients::json, size, client_ip, authenticated_as, at, at, 'fresh'
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
          AS t (id, vs, sender, recipients, size, client_ip, authenticated_as, at)`, [
        column((i) => i.id), column((i) => i.message.virtual_server_id), column((i) => i.message.sender),
        column((i) => JSON.stringify(i.message.recipients.map((address) => ({ address, status: 'pending', last_error: null })))),
        column((i) => i.data.length), column((i) => i.message.client_ip), column((i) => i.message.authenticated_as), column((i) => i.at),
      ]);
      await client.query('INSERT INTO queue_data (id, data) SELECT * FROM unnest($1::text[], $2::bytea[])',
        [column((i) => i.id), column((i) => i.data)]);
    });
    this.committed += 1;
  }

  async claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const until = new Date(now.getTime() + leaseMs);
    const claim = async (state: QueuedMessage['state'], n: number) =>
      (await this.pool.query<QueuedMessage>(claimSql, [state, now, n, owner, until])).rows.sort(byDueTime);
    const fresh = await claim('fresh', limit);
    return fresh.length < limit ? [...fresh, ...(await claim('deferred', limit - fresh.length))] : fresh;
  }

  async renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void> {
    await this.pool.query('UPDATE queue_messages SET lease_expires_at = $1 WHERE id = ANY($2::text[]) AND lease_owner = $3',
      [new Date(Date.now() + leaseMs), ids, owner]);
  }

  async releaseLeases(owner: string): Promise<number> {
    const result = await this.pool.query('UPDATE queue_messages SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1', [owner]);
    return result.rowCount ?? 0;
  }

  async readData(id: string): Promise<Buffer> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM queue_data WHERE id = $1', [id]);
    if (!rows[0]) throw new Error(`queued message ${id} does not exist`);
    return rows[0].data;
  }

  /** A message removed meanwhile (management DELETE) stays removed: the outcome is dropped. */
  async recordAttempt(id: string, outcome: Parameters<QueueStore['recordAttempt']>[1]): Promise<void> {
    if (!outcome.recipients.some((r) => r.status === 'pending')) {
      await this.remove(id);
      return;
    }
    await this.pool.query(`UPDATE queue_messages SET recipients = $1, next_attempt_at = $2, last_error = $3, attempts = attempts + 1,
      state = 'deferred', delay_notified = COALESCE($4, delay_notified), lease_owner = NULL, lease_expires_at = NULL WHERE id = $5`,
    [JSON.stringify(outcome.recipients), outcome.next_attempt_at, outcome.last_error, outcome.delay_notified ?? null, id]);
  }

  async get(id: string): Promise<QueuedMessage | null> {
    const { rows } = await this.pool.query<QueuedMessage>(`SELECT ${messageColumns} FROM queue_messages WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async list(filter: Parameters<QueueStore['list']>[0]): Promise<QueuedMessage[]> {
    const { rows } = await this.pool.query<QueuedMessage>(`SELECT ${messageColumns} FROM queue_messages
      WHERE ($1::text IS NULL OR virtual_server_id = $1) AND ($2::text IS NULL OR state = $2)
      ORDER BY received_at, id LIMIT $3 OFFSET $4`, [filter.virtual_server_id ?? null, filter.state ?? null, filter.limit, filter.offset]);
    return rows;
  }

  async count(): Promise<{ fresh: number; deferred: number }> {
    const { rows } = await this.pool.query<{ state: string; n: string }>('SELECT state, COUNT(*) AS n FROM queue_messages GROUP BY state');
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

  /** Waits for enqueues in flight to commit, then closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batches.drain();
    await this.pool.end();
  }
}
