// What this process counted since its last flush to the store, by minute and virtual server: the per-minute statistics' input.
import type { TrafficCounts, TrafficIncrement } from '../store/traffic-stats.ts';

/** The first millisecond (UTC) of the minute `at` is in. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/**
 * Counts in memory until `take` hands them to the recorder (traffic-recorder.ts), so a message costs no store write.
 * One per data plane (data-plane.ts), handed to its listeners and its delivery worker, and fed where the relay counts its
 * Prometheus metrics (smtp-listener.ts for accepted, smtp-metrics.ts for rate_limited, delivery-metrics.ts for the outcomes).
 */
export class TrafficTally {
  private pending = new Map<string, TrafficIncrement>();

  /** Adds `counts` to the virtual server's minute of `at` (default now). */
  add(virtualServerId: string, counts: Partial<TrafficCounts>, at: Date = new Date()): void {
    const minute = minuteOf(at);
    const key = `${minute.getTime()} ${virtualServerId}`;
    let row = this.pending.get(key);
    if (!row) this.pending.set(key, row = { minute, virtual_server_id: virtualServerId, accepted: 0, delivered: 0, deferred: 0, bounced: 0, rate_limited: 0 });
    row.accepted += counts.accepted ?? 0;
    row.delivered += counts.delivered ?? 0;
    row.deferred += counts.deferred ?? 0;
    row.bounced += counts.bounced ?? 0;
    row.rate_limited += counts.rate_limited ?? 0;
  }

  /** Everything counted so far, emptying the tally. */
  take(): TrafficIncrement[] {
    const rows = [...this.pending.values()];
    this.pending = new Map();
    return rows;
  }

  /** Puts rows back that could not be written (the store was unavailable): they go with the next flush. */
  restore(rows: TrafficIncrement[]): void {
    for (const row of rows) this.add(row.virtual_server_id, row, row.minute);
  }
}
