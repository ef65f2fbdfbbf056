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
  /**
   * Delivers one claimed message and records the outcome; resolves with its next due time, or null when done.
   * `data` is the message's data when it is already in memory (a message this node just received).
   */
  handle(message: QueuedMessage, data?: Buffer): Promise<Date | null>;
  /** Called when `handle` threw; must release the message (record a deferral) or let its lease run out. */
  onError(message: QueuedMessage, err: unknown): Promise<void>;
}

export interface Scheduler {
  /** New mail was queued: claim it now instead of at the next poll. */
  wake(): void;
  /**
   * Takes a place in the window for a message this node is about to enqueue already claimed (QueueStore.enqueueClaimed);
   * false when the window is full or the scheduler stopping (enqueue it unclaimed then). Every true must be followed
   * by exactly one adopt() or unreserve().
   */
  reserve(): boolean;
  /** Delivers a message enqueued claimed by this node, in the place reserve() took, with its data from memory. */
  adopt(message: QueuedMessage, data: Buffer): void;
  /** Gives back a place reserve() took (the enqueue failed). */
  unreserve(): void;
  /** Messages being delivered now (claimed or adopted, not yet handled). */
  readonly delivering: number;
  /** Stops claiming and resolves once every message in the window has been handled. */
  stop(): Promise<void>;
}

/** Starts the claim loop. Fresh mail comes first because QueueStore.claimDue orders it before deferred mail. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { queue, owner, logger, now, window, leaseMs } = options;
  const claimBatch = Math.max(1, Math.floor(window / 4));
  const active = new Map<string, Promise<void>>();
  const dueTimes: number[] = [];
  /** Places taken by reserve() and not yet adopted or given back. */
  let reserved = 0;
  let onReservationsSettled: (() => void) | null = null;
  let stopped = false;
  let signal: (() => void) | null = null;
  let signalled = false;
  /** The time the last claim looked at: due times up to it were covered by that claim. */
  let claimedUpTo = 0;
  /**
   * The store may hold mail to claim that the last claim did not take: mail queued unclaimed since then (wake()), or
   * that claim filled its batch or failed. A delivery that finishes frees a place in the window but puts nothing in
   * the store, so it alone is not worth a claim, which reads past every message in delivery (fresh mail is claimed as
   * it is queued, see reserve()). Due times and mail queued elsewhere (another node, "retry now") are asked for at
   * their time and at least every idle poll, busy or not.
   */
  let claimable = true;
  /** The sleep ended by its timer: a known due time came, or the idle poll. */
  let timedOut = false;

  /** Ends the loop's sleep: a place in the window is free. */
  const nudge = () => {
    signalled = true;
    signal?.();
  };
  const wake = () => {
    claimable = true;
    nudge();
  };

  const remember = (due: Date | null) => {
    if (!due) return;
    dueTimes.push(due.getTime());
    dueTimes.sort((a, b) => a - b);
    if (dueTimes.length > 1024) dueTimes.length = 1024;
  };

  /** Delivers in the window; `later`: from the next event-loop turn, after what the current one still has to do. */
  const start = (message: QueuedMessage, data?: Buffer, later = false) => {
    const handled = later
      ? new Promise<void>((resolve) => setImmediate(resolve)).then(() => options.handle(message, data))
      : options.handle(message, data);
    const run = handled
      .then(remember)
      .catch((err) => options.onError(message, err).catch((e) => logger.error({ err: e, queue_id: message.id }, 'could not release message')))
      .finally(() => {
        active.delete(message.id);
        nudge();
      });
    active.set(message.id, run);
  };

  /** Sleeps until wake(), a finished delivery, the next known due time (only when there is room to claim it) or the idle poll. */
  const sleep = (roomToClaim: boolean) => new Promise<void>((resolve) => {
    if (signalled) return resolve();
    while (dueTimes.length > 0 && dueTimes[0] <= claimedUpTo) dueTimes.shift();
    const nextDue = roomToClaim && dueTimes.length > 0 ? dueTimes[0] - now().getTime() : Infinity;
    const ms = Math.min(nextDue, options.idlePollMs);
    const timer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, Math.max(ms, 1));
    signal = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const loop = async () => {
    while (!stopped) {
      signalled = false;
      const free = window - active.size - reserved;
      // Under backlog, refill the window in batches: every claim is a write transaction of the store.
      const roomToClaim = free > 0 && (free >= claimBatch || active.size === 0);
      const at = roomToClaim ? now().getTime() : 0;
      if (roomToClaim && (claimable || timedOut || (dueTimes.length > 0 && dueTimes[0] <= at) || at - claimedUpTo >= options.idlePollMs)) {
        claimable = false;
        timedOut = false;
        try {
          const claimed = await queue.claimDue(owner, new Date(at), free, leaseMs);
          for (const message of claimed) start(message);
          // A full batch: more may be due.
          if (claimed.length === free) claimable = true;
        } catch (err) {
          claimable = true;
          logger.error({ err }, 'claiming due mail failed');
        }
        claimedUpTo = at;
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
    get delivering() {
      return active.size;
    },
    reserve() {
      if (stopped || active.size + reserved >= window) return false;
      reserved++;
      return true;
    },
    adopt(message, data) {
      reserved--;
      // The enqueuing session answers 250 first: its client waits for that reply, the destination for nothing.
      start(message, data, true);
      if (reserved === 0) onReservationsSettled?.();
    },
    unreserve() {
      reserved--;
      wake();
      if (reserved === 0) onReservationsSettled?.();
    },
    async stop() {
      stopped = true;
      wake();
      await running;
      // Enqueues in flight still hand their messages over; the wait below then covers their deliveries too.
      if (reserved > 0) await new Promise<void>((resolve) => { onReservationsSettled = resolve; });
      await Promise.allSettled([...active.values()]);
      clearInterval(renewer);
    },
  };
}
