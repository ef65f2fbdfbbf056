// Rate counters in this process's memory: for a relay that is the only process on its store (SQLite, no workers).
import type { RateCount, RateCounterStore } from './rate-counter-store.ts';

/**
 * RateCounterStore in a Map, for the one case where no other process counts: a single-process relay on SQLite (one
 * node by definition). A restart forgets the current window's counts, as a crash does with the shared stores. Keeps the
 * current and the previous window only.
 */
export class MemoryRateCounterStore implements RateCounterStore {
  private readonly windows = new Map<number, Map<string, number>>();

  async take(window: number, counts: RateCount[]): Promise<number> {
    let current = this.windows.get(window);
    if (!current) {
      for (const old of this.windows.keys()) if (old < window - 1) this.windows.delete(old);
      current = new Map();
      this.windows.set(window, current);
    }
    const full = counts.findIndex((c) => (current.get(c.key) ?? 0) >= c.limit);
    if (full >= 0) return full;
    for (const { key } of counts) current.set(key, (current.get(key) ?? 0) + 1);
    return -1;
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
