// The shared rate counters behind the per-minute rate limits: one count per (virtual server, dimension, key, window).

/** One counter to add to and the most it may reach in its window. `key` is opaque (the limiter builds it). */
export interface RateCount {
  key: string;
  limit: number;
}

/**
 * Counters that every relay process (and, on PostgreSQL, every node) sharing the store sees. Only asked when a rate
 * limit is configured: a relay without limits never touches it. Windows are numbered by the caller (fixed windows,
 * `Math.floor(now / windowMs)`); a store forgets windows older than the previous one.
 */
export interface RateCounterStore {
  /**
   * Adds one to each counter of `window`, all or nothing: when one of them is already at its limit, nothing is added
   * and the answer is that counter's index; -1 when all were added. Atomic against every other process using the store.
   */
  take(window: number, counts: RateCount[]): Promise<number>;
  close(): Promise<void>;
}
