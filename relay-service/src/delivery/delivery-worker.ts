// The outbound side's entry point: the scheduler's claim loop wired to message delivery over pooled SMTP connections.
import type { Logger } from '../logger.ts';
import { startScheduler } from '../queue/scheduler.ts';
import type { TrafficTally } from '../stats/traffic-tally.ts';
import type { NewMessage, QueueStore, QueuedMessage } from '../store/queue-store.ts';
import { deliverMessage } from './deliver-message.ts';
import { trackQueue } from './delivery-metrics.ts';
import { DaneResolver } from './dane-resolver.ts';
import { MxResolver } from './mx-resolver.ts';
import { MtaStsResolver } from './mta-sts.ts';
import type { SnapshotCache } from '../config/snapshot-cache.ts';
import { TransportPool } from './transport-pool.ts';

/** Messages held at once per node; the rest waits in the store. */
const activeWindow = 100;
/** Default lease per claimed message, renewed every third of it while delivery runs. */
const defaultLeaseMs = 60_000;
/** Longest idle sleep; mail queued elsewhere (another node, "retry now") is seen at least this often. */
const idlePollMs = 1_000;
/** How long stop() lets running transactions finish before it closes their connections. */
const stopGraceMs = 5_000;
/** How often expired dead letters are deleted; every node sweeps, which is safe (a sweep is one idempotent DELETE). */
const deadLetterSweepMs = 5_000;
/** Retry delay after an internal error (store or config unavailable), instead of the virtual server's schedule. */
const internalRetryMs = 60_000;

export interface DeliveryWorker {
  /** Stops claiming, lets running deliveries finish (or closes them after a grace period), closes all connections. */
  stop(): Promise<void>;
  /**
   * Queues a message durably (resolves with its id once it is) and starts its first delivery attempt: from memory,
   * stored already claimed by this node, while the window has room; otherwise it waits in the store to be claimed.
   */
  enqueue(message: NewMessage, data: Buffer): Promise<string>;
}

/**
 * Starts delivering queued mail. Every claimed message gets one attempt whose outcome is recorded with
 * QueueStore.recordAttempt: delivered, deferred per the virtual server's retry schedule, or failed with an
 * RFC 3464 report to the sender, or kept in the dead-letter store when there is nobody to report to; expired dead
 * letters are swept every few seconds. `resolver` and `mtaSts` replace DNS and the policy host's port (tests); `now` replaces the clock.
 */
export function startDeliveryWorker(deps: {
  queue: QueueStore;
  /** The configuration and outbound secrets (the process's snapshot cache, shared with the listeners). */
  snapshots: SnapshotCache;
  logger: Logger;
  nodeId: string;
  resolver?: MxResolver;
  /** MX lookups with DNSSEC for tls_policy dane (default: the system's DNS servers, port 25). */
  dane?: DaneResolver;
  /** MTA-STS discovery; build it on the same DNS resolver as `resolver`. */
  mtaSts?: MtaStsResolver;
  now?: () => Date;
  /** Lease per claim: how long a crashed node's messages wait before another node may take them. */
  leaseMs?: number;
  /** The data plane's per-minute statistics, counted with each attempt's outcomes. */
  traffic?: TrafficTally;
}): DeliveryWorker {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ component: 'delivery' });
  const pool = new TransportPool({ logger });
  const untrack = trackQueue(deps.queue);
  const delivery = {
    queue: deps.queue, snapshot: deps.snapshots.snapshot, secret: deps.snapshots.secret, logger, pool, resolver: deps.resolver ?? new MxResolver(),
    dane: deps.dane ?? new DaneResolver(), mtaSts: deps.mtaSts ?? new MtaStsResolver(), now, traffic: deps.traffic,
  };

  const onError = async (message: QueuedMessage, err: unknown) => {
    logger.error({ err, queue_id: message.id }, 'delivery attempt aborted by an internal error');
    await deps.queue.recordAttempt(message.id, {
      recipients: message.recipients,
      next_attempt_at: new Date(now().getTime() + internalRetryMs),
      last_error: `internal error: ${(err as Error).message ?? String(err)}`,
    });
  };

  const leaseMs = deps.leaseMs ?? defaultLeaseMs;
  const scheduler = startScheduler({
    queue: deps.queue, owner: deps.nodeId, logger, now, window: activeWindow, leaseMs, idlePollMs,
    handle: (message, data) => deliverMessage(delivery, message, data),
    onError,
  });

  const sweeper = setInterval(() => {
    deps.queue.sweepDeadLetters(now())
      .then((swept) => { if (swept > 0) logger.info({ swept }, 'expired dead letters deleted'); })
      .catch((err) => logger.error({ err }, 'sweeping expired dead letters failed'));
  }, deadLetterSweepMs);
  sweeper.unref();

  return {
    async enqueue(message, data) {
      if (!scheduler.reserve()) {
        const id = await deps.queue.enqueue(message, data);
        scheduler.wake();
        return id;
      }
      let queued: QueuedMessage;
      try {
        queued = await deps.queue.enqueueClaimed(message, data, deps.nodeId, leaseMs);
      } catch (error) {
        scheduler.unreserve();
        throw error;
      }
      scheduler.adopt(queued, data);
      return queued.id;
    },
    async stop() {
      clearInterval(sweeper);
      const stopped = scheduler.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise<void>((resolve) => { timer = setTimeout(resolve, stopGraceMs); })]);
      clearTimeout(timer);
      pool.close();
      await stopped;
      untrack();
    },
  };
}
