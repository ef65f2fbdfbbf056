// Writes this process's traffic tally and a queue-size sample to the store every few seconds, and prunes old minutes.
import type { Logger } from '../logger.ts';
import type { TrafficStatsStore } from '../store/traffic-stats.ts';
import { minuteOf, type TrafficTally } from './traffic-tally.ts';

/** How long minutes are kept: the console shows the last hour; a day leaves room for a longer look. */
export const trafficRetentionMs = 24 * 60 * 60 * 1000;

/** Default flush interval: one small write per process every 10 s, never one per message. */
export const defaultTrafficIntervalMs = 10_000;

export interface TrafficRecorderDeps {
  store: TrafficStatsStore;
  /** The row key of this process (a worker's `<node>/<slot>`): nodes and workers add to their own rows only. */
  nodeId: string;
  tally: TrafficTally;
  /** The configured virtual servers: each gets a queue-size sample, 0 when nothing is queued for it. */
  serverIds(): Promise<string[]>;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

export interface TrafficRecorder {
  /** Stops the timer and writes what was counted since the last flush. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`: adds the tally to the store (one transaction), samples the queue size per virtual server into
 * the current minute (the latest sample of a minute wins; a read takes the largest over nodes, which all count the
 * one shared queue), and once a minute deletes minutes older than trafficRetentionMs. A failed write is logged and
 * its counts are kept for the next flush.
 */
export function startTrafficRecorder(deps: TrafficRecorderDeps): TrafficRecorder {
  const now = deps.now ?? (() => new Date());
  let prunedMinute = 0;
  let running: Promise<void> = Promise.resolve();

  const flushCounts = async () => {
    const rows = deps.tally.take();
    if (rows.length === 0) return;
    try {
      await deps.store.addTraffic(deps.nodeId, rows);
    } catch (error) {
      deps.tally.restore(rows);
      throw error;
    }
  };
  const tick = async () => {
    try {
      await flushCounts();
      const at = now();
      const sizes = await deps.store.queueSizes();
      for (const id of await deps.serverIds()) if (!sizes.has(id)) sizes.set(id, 0);
      await deps.store.recordQueueSizes(deps.nodeId, minuteOf(at), sizes);
      if (minuteOf(at).getTime() !== prunedMinute) {
        prunedMinute = minuteOf(at).getTime();
        await deps.store.pruneTraffic(new Date(at.getTime() - trafficRetentionMs));
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'traffic statistics not written; retrying at the next interval');
    }
  };
  const schedule = () => { running = running.then(tick); };
  schedule();
  const timer = setInterval(schedule, deps.intervalMs ?? defaultTrafficIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await flushCounts().catch((error: unknown) => deps.logger.warn({ err: error }, 'traffic counted since the last flush not written at stop'));
    },
  };
}
