// The per-minute counts of a virtual server (GET /v1/stats/minutes) as chart series; absent or empty: no data.
import type { Series } from './components/minute-chart.tsx';

/** One minute of one virtual server's traffic, as the relay counts it. */
export interface MinuteStats {
  minute: string;
  accepted: number;
  delivered: number;
  deferred: number;
  bounced: number;
  /** SMTP commands and connections refused by a rate limit or max_connections_per_ip (absent on older relays). */
  rate_limited?: number;
  /** Null for a minute in which no relay process ran. */
  queue_size: number | null;
}

/** The body of GET /v1/stats/minutes. */
export interface MinuteStatsBody {
  from: string;
  to: string;
  servers: Array<{ virtual_server_id: string; name: string; minutes: MinuteStats[] }>;
}

export interface ChartData {
  minutes: string[];
  traffic: Series[];
  queue: Series[];
  limited: Series[];
}

/** Splits the minutes into the traffic chart's four lines, the queue size line and the rate-limited line. */
export function chartData(items: MinuteStats[] | undefined): ChartData {
  // A minute no process saw shows as 0 in the queue line: the chart has no gaps.
  const rows = [...(items ?? [])].sort((a, b) => a.minute.localeCompare(b.minute));
  const line = (name: string, tone: string, pick: (row: MinuteStats) => number | null): Series => ({ name, tone, values: rows.map((row) => pick(row) ?? 0) });
  return {
    minutes: rows.map((row) => row.minute),
    traffic: [
      line('Accepted', 'tone-accepted', (r) => r.accepted), line('Delivered', 'tone-delivered', (r) => r.delivered),
      line('Deferred', 'tone-deferred', (r) => r.deferred), line('Bounced', 'tone-bounced', (r) => r.bounced),
    ],
    queue: [line('Queue size', 'tone-queued', (r) => r.queue_size)],
    limited: [line('Rate-limited', 'tone-limited', (r) => r.rate_limited ?? 0)],
  };
}
