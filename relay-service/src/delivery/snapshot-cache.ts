// Keeps the configuration snapshot between change events, so a backlog is not re-read from the store per message.
import type { ConfigReader, ConfigSnapshot } from '../config/config-reader.ts';

export interface SnapshotCache {
  /** The current snapshot: cached until the next change event, then read again. */
  snapshot(): Promise<ConfigSnapshot>;
  /** Stops listening for change events. */
  close(): void;
}

/**
 * Caches `config.snapshot()`. A read that was already running when a change event arrived is used by
 * its own callers but never cached, so every call that starts after the event sees the change.
 */
export function cacheSnapshots(config: ConfigReader): SnapshotCache {
  let generation = 0;
  let cached: Promise<ConfigSnapshot> | null = null;
  const unsubscribe = config.onChange(() => {
    generation++;
    cached = null;
  });
  return {
    snapshot() {
      if (cached) return cached;
      const started = generation;
      const read = config.snapshot();
      cached = read;
      read.then(
        () => { if (generation !== started && cached === read) cached = null; },
        () => { if (cached === read) cached = null; },
      );
      return read;
    },
    close: unsubscribe,
  };
}
