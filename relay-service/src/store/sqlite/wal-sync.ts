// Group fsync of a SQLite WAL file on libuv's thread pool: the event loop keeps serving while the disk syncs.
import { close, fsync, fsyncSync, openSync } from 'node:fs';
import { traceSync } from '../../step-trace.ts';

/** How long a delivery outcome's commit waits for an enqueue's fsync to cover it (a power loss meanwhile can deliver its message again). */
const defaultSoonMs = 100;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Makes what was written to `<database>-wal` durable. A commit in WAL mode with synchronous=NORMAL
 * only write()s its frames; `sync()` called after such a commit resolves once an fsync that started
 * after the call has completed, so the commit is then on disk exactly as synchronous=FULL would have
 * left it. At most one fsync runs at a time; every call that arrives meanwhile shares the next one.
 * A round starts on the next tick, so the callers of one group commit, which resume one after the
 * other, share one fsync. `sync(true)` (the caller's is the only work of the process) fsyncs on the calling thread
 * at once: the disk's wait is the same, but the thread pool's hand-off is not paid (a
 * pool thread woken to call fsync, then the event loop woken by it; on a busy machine each wake-up waits for a CPU).
 * `syncSoon()` (writes nobody waits for: delivery outcomes) makes the WAL durable within `soonMs` without an fsync of
 * its own when another one starts before then: the fsync of the next enqueue covers it, so a message costs one
 * fsync, not two that queue behind each other on the disk.
 */
export class WalSync {
  private fd: number | null = null;
  private waiting: Waiter[] = [];
  private busy = false;
  private scheduled = false;
  private idle: Array<() => void> = [];
  private completed = 0;
  private inline = 0;
  /** The background round syncSoon() asked for, until an fsync starts that covers it. */
  private soon: NodeJS.Timeout | null = null;

  /** `soonMs`: how long syncSoon() waits for another fsync to cover its writes before it starts one. */
  constructor(private readonly walFile: string, private readonly soonMs = defaultSoonMs) {}

  /** fsyncs completed so far (one per round, however many callers shared it). */
  get syncs(): number {
    return this.completed;
  }

  /** fsyncs of them made on the calling thread (sync(true)). */
  get inlineSyncs(): number {
    return this.inline;
  }

  /**
   * Resolves when everything written to the WAL before this call is synced; rejects with the fsync error. `inline`:
   * nothing else waits for this thread, so the fsync is done here, before sync() returns, also while a thread-pool
   * round runs or is pending (a delivery outcome's background sync): that round may have started before this
   * caller's commit, and waiting for it and then for another would cost more than the fsync itself.
   */
  sync(inline = false): Promise<void> {
    if (inline) {
      try {
        this.fd ??= openSync(this.walFile, 'r');
        this.covered();
        const traced = traceSync(true);
        fsyncSync(this.fd);
        traced();
      } catch (error) {
        return Promise.reject(error);
      }
      this.completed += 1;
      this.inline += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /**
   * Makes what was written to the WAL before this call durable within `soonMs`; nobody waits for it, and an error of
   * its own round is dropped (the writes stay in the WAL for the next fsync). An fsync that starts meanwhile, for any
   * caller, covers it; otherwise a thread-pool round starts when the time is up.
   */
  syncSoon(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.sync().catch(() => undefined);
    }, this.soonMs);
  }

  /** Waits for the fsyncs asked for so far (syncSoon's at once), then closes the file. */
  async close(): Promise<void> {
    if (this.soon) await this.sync().catch(() => undefined);
    if (this.busy || this.scheduled) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.fd !== null) close(this.fd, () => undefined);
    this.fd = null;
  }

  private schedule(): void {
    if (this.busy || this.scheduled) return;
    this.scheduled = true;
    process.nextTick(() => this.round());
  }

  private round(): void {
    this.scheduled = false;
    this.busy = true;
    const batch = this.waiting;
    this.waiting = [];
    const finish = (error: unknown) => {
      this.busy = false;
      if (!error) this.completed += 1;
      for (const waiter of batch) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (this.waiting.length > 0) return this.schedule();
      for (const resolve of this.idle.splice(0)) resolve();
    };
    try {
      // Opened on first use: the WAL exists once the first write transaction committed.
      this.fd ??= openSync(this.walFile, 'r');
    } catch (error) {
      return finish(error);
    }
    this.covered();
    const traced = traceSync(false);
    fsync(this.fd, (error) => {
      traced();
      finish(error);
    });
  }

  /** An fsync starts now: it covers every write syncSoon() was asked to sync, so its own round is not needed. */
  private covered(): void {
    if (!this.soon) return;
    clearTimeout(this.soon);
    this.soon = null;
  }
}
