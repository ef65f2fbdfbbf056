// The active window over the durable queue: claims due mail in bounded batches, keeps leases alive, sleeps when idle.
import type { Logger } from '../logger.ts';
import type { QueueStore, QueuedMessage } from '../store/queue-store.ts';

export interface SchedulerOptions {
  queue: QueueStore;
  /** Lease owner name (the node id); other nodes sharing the queue never claim what this one holds. */
  owner: string;
  logger: Logger;
  now: () => Date;
  /** At most this many messages are held (claimed and in delivery) at once: memory stays flat under backlog. */
  window: number;
  leaseMs: number;
  /** Longest sleep when nothing is known to be due (catches mail queued by other nodes or "retry now"). */
  idlePollMs: number;
  /** Delivers one claimed message and records the outcome; resolves with its next due time, or null when done. */
  handle(message: QueuedMessage): Promise<Date | null>;
  /** Called when `handle` threw; must release the message (record a deferral) or let its lease run out. */
  onError(message: QueuedMessage, err: unknown): Promise<void>;
}

export interface Scheduler {
  /** New mail was queued: claim it now instead of at the next poll. */
  wake(): void;
  /** Stops claiming and resolves once every message in the window has been handled. */
  stop(): Promise<void>;
}

/** Starts the claim loop. Fresh mail comes first because QueueStore.claimDue orders it before deferred mail. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { queue, owner, logger, now, window, leaseMs } = options;
  const claimBatch = Math.max(1, Math.floor(window / 4));
  const active = new Map<string, Promise<void>>();
  const dueTimes: number[] = [];
  let stopped = false;
  let signal: (() => void) | null = null;
  let signalled = false;
  /** The time the last claim looked at: due times up to it were covered by that claim. */
  let claimedUpTo = 0;

  const wake = () => {
    signalled = true;
    signal?.();
  };

  const remember = (due: Date | null) => {
    if (!due) return;
    dueTimes.push(due.getTime());
    dueTimes.sort((a, b) => a - b);
    if (dueTimes.length > 1024) dueTimes.length = 1024;
  };

  const start = (message: QueuedMessage) => {
    const run = options.handle(message)
      .then(remember)
      .catch((err) => options.onError(message, err).catch((e) => logger.error({ err: e, queue_id: message.id }, 'could not release message')))
      .finally(() => {
        active.delete(message.id);
        wake();
      });
    active.set(message.id, run);
  };

  /** Sleeps until wake(), a finished delivery, the next known due time (only when there is room to claim it) or the idle poll. */
  const sleep = (roomToClaim: boolean) => new Promise<void>((resolve) => {
    if (signalled) return resolve();
    while (dueTimes.length > 0 && dueTimes[0] <= claimedUpTo) dueTimes.shift();
    const nextDue = roomToClaim && dueTimes.length > 0 ? dueTimes[0] - now().getTime() : Infinity;
    const ms = Math.min(nextDue, options.idlePollMs);
    const timer = setTimeout(resolve, Math.max(ms, 1));
    signal = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const loop = async () => {
    while (!stopped) {
      signalled = false;
      const free = window - active.size;
      // Under backlog, refill the window in batches: every claim is a write transaction of the store.
      const roomToClaim = free > 0 && (free >= claimBatch || active.size === 0);
      if (roomToClaim) {
        const at = now();
        try {
          for (const message of await queue.claimDue(owner, at, free, leaseMs)) start(message);
        } catch (err) {
          logger.error({ err }, 'claiming due mail failed');
        }
        claimedUpTo = at.getTime();
      }
      await sleep(roomToClaim);
      signal = null;
    }
  };

  const renewer = setInterval(() => {
    if (active.size === 0) return;
    queue.renewLeases(owner, [...active.keys()], leaseMs).catch((err) => logger.error({ err }, 'renewing leases failed'));
  }, Math.max(Math.floor(leaseMs / 3), 10));
  const running = loop();

  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await running;
      await Promise.allSettled([...active.values()]);
      clearInterval(renewer);
    },
  };
}
