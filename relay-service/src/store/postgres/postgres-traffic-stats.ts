// The per-minute traffic statistics in the shared PostgreSQL database (table traffic_minutes), one row per node and minute.
import type pg from 'pg';
import type { TrafficIncrement, TrafficMinute, TrafficStatsStore } from '../traffic-stats.ts';

/** TrafficStatsStore on the queue's pool: every node writes its own rows, reads sum them. */
export class PostgresTrafficStats implements TrafficStatsStore {
  constructor(private readonly pool: pg.Pool) {}

  async addTraffic(nodeId: string, increments: TrafficIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    // One statement for the whole batch: the rows arrive as parallel arrays.
    await this.pool.query(`INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, accepted, delivered, deferred, bounced, rate_limited)
      SELECT m, vs, $1, a, d, f, b, r
      FROM unnest($2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[]) AS t(m, vs, a, d, f, b, r)
      ON CONFLICT (minute, virtual_server_id, node_id) DO UPDATE SET accepted = traffic_minutes.accepted + excluded.accepted,
        delivered = traffic_minutes.delivered + excluded.delivered, deferred = traffic_minutes.deferred + excluded.deferred,
        bounced = traffic_minutes.bounced + excluded.bounced, rate_limited = traffic_minutes.rate_limited + excluded.rate_limited`,
    [nodeId, increments.map((i) => i.minute), increments.map((i) => i.virtual_server_id), increments.map((i) => i.accepted),
      increments.map((i) => i.delivered), increments.map((i) => i.deferred), increments.map((i) => i.bounced),
      increments.map((i) => i.rate_limited)]);
  }

  async queueSizes(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ virtual_server_id: string; n: string }>(
      'SELECT virtual_server_id, COUNT(*) AS n FROM queue_messages GROUP BY virtual_server_id');
    return new Map(rows.map((row) => [row.virtual_server_id, Number(row.n)]));
  }

  async recordQueueSizes(nodeId: string, minute: Date, sizes: Map<string, number>): Promise<void> {
    if (sizes.size === 0) return;
    await this.pool.query(`INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, queue_size)
      SELECT $1, vs, $2, n FROM unnest($3::text[], $4::int[]) AS t(vs, n)
      ON CONFLICT (minute, virtual_server_id, node_id) DO UPDATE SET queue_size = excluded.queue_size`,
    [minute, nodeId, [...sizes.keys()], [...sizes.values()]]);
  }

  async readTraffic(filter: { from: Date; to: Date; virtualServerIds: string[] | null }): Promise<TrafficMinute[]> {
    const { rows } = await this.pool.query<{ minute: Date; virtual_server_id: string; accepted: string; delivered: string; deferred: string; bounced: string; rate_limited: string; queue_size: number | null }>(
      `SELECT minute, virtual_server_id, SUM(accepted) AS accepted, SUM(delivered) AS delivered, SUM(deferred) AS deferred,
         SUM(bounced) AS bounced, SUM(rate_limited) AS rate_limited, MAX(queue_size) AS queue_size
       FROM traffic_minutes WHERE minute >= $1 AND minute < $2 AND ($3::text[] IS NULL OR virtual_server_id = ANY($3))
       GROUP BY minute, virtual_server_id ORDER BY virtual_server_id, minute`, [filter.from, filter.to, filter.virtualServerIds]);
    return rows.map((row) => ({
      minute: row.minute, virtual_server_id: row.virtual_server_id, accepted: Number(row.accepted), delivered: Number(row.delivered),
      deferred: Number(row.deferred), bounced: Number(row.bounced), rate_limited: Number(row.rate_limited), queue_size: row.queue_size,
    }));
  }

  async pruneTraffic(before: Date): Promise<number> {
    return (await this.pool.query('DELETE FROM traffic_minutes WHERE minute < $1', [before])).rowCount ?? 0;
  }
}
