// The per-minute traffic statistics in the SQLite queue file (table traffic_minutes, minutes as ms since the epoch).
import type Database from 'better-sqlite3';
import type { TrafficIncrement, TrafficMinute, TrafficStatsStore } from '../traffic-stats.ts';

/** TrafficStatsStore on the queue's connection; several processes may share the file (each writes its own node rows). */
export class SqliteTrafficStats implements TrafficStatsStore {
  constructor(private readonly db: Database.Database) {}

  async addTraffic(nodeId: string, increments: TrafficIncrement[]): Promise<void> {
    const add = this.db.prepare(`INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, accepted, delivered, deferred, bounced, rate_limited)
      VALUES (@minute, @vs, @node, @accepted, @delivered, @deferred, @bounced, @rate_limited)
      ON CONFLICT (minute, virtual_server_id, node_id) DO UPDATE SET accepted = accepted + excluded.accepted,
        delivered = delivered + excluded.delivered, deferred = deferred + excluded.deferred, bounced = bounced + excluded.bounced,
        rate_limited = rate_limited + excluded.rate_limited`);
    this.db.transaction(() => {
      for (const i of increments) {
        add.run({ minute: i.minute.getTime(), vs: i.virtual_server_id, node: nodeId, accepted: i.accepted, delivered: i.delivered, deferred: i.deferred, bounced: i.bounced,
          rate_limited: i.rate_limited });
      }
    }).immediate();
  }

  async queueSizes(): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT virtual_server_id, COUNT(*) AS n FROM queue_messages GROUP BY virtual_server_id').all() as
      Array<{ virtual_server_id: string; n: number }>;
    return new Map(rows.map((row) => [row.virtual_server_id, row.n]));
  }

  async recordQueueSizes(nodeId: string, minute: Date, sizes: Map<string, number>): Promise<void> {
    const set = this.db.prepare(`INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, queue_size) VALUES (?, ?, ?, ?)
      ON CONFLICT (minute, virtual_server_id, node_id) DO UPDATE SET queue_size = excluded.queue_size`);
    this.db.transaction(() => {
      for (const [id, size] of sizes) set.run(minute.getTime(), id, nodeId, size);
    }).immediate();
  }

  async readTraffic(filter: { from: Date; to: Date; virtualServerIds: string[] | null }): Promise<TrafficMinute[]> {
    const rows = this.db.prepare(`SELECT minute, virtual_server_id, SUM(accepted) AS accepted, SUM(delivered) AS delivered,
        SUM(deferred) AS deferred, SUM(bounced) AS bounced, SUM(rate_limited) AS rate_limited, MAX(queue_size) AS queue_size
      FROM traffic_minutes WHERE minute >= @from AND minute < @to
        AND (@ids IS NULL OR virtual_server_id IN (SELECT value FROM json_each(@ids)))
      GROUP BY minute, virtual_server_id ORDER BY virtual_server_id, minute`)
      .all({ from: filter.from.getTime(), to: filter.to.getTime(), ids: filter.virtualServerIds && JSON.stringify(filter.virtualServerIds) }) as
      Array<Omit<TrafficMinute, 'minute'> & { minute: number }>;
    return rows.map((row) => ({ ...row, minute: new Date(row.minute) }));
  }

  async pruneTraffic(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM traffic_minutes WHERE minute < ?').run(before.getTime()).changes;
  }
}
