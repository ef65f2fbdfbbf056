// Group fsync of a SQLite WAL file on libuv's thread pool: the event loop keeps serving while the disk syncs.
import { close, fsync, openSync } from 'node:fs';

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
 * other, share one fsync.
 */
export class WalSync {
  private fd: number | null = null;
  private waiting: Waiter[] = [];
  private busy = false;
  private scheduled = false;
  private idle: Array<() => void> = [];
  private completed = 0;

  constructor(private readonly walFile: string) {}

  /** fsyncs completed so far (one per round, however many callers shared it). */
  get syncs(): number {
    return this.completed;
  }

  /** Resolves when everything written to the WAL before this call is synced; rejects with the fsync error. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Waits for the fsyncs asked for so far, then closes the file. */
  async close(): Promise<void> {
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
    fsync(this.fd, (error) => finish(error));
  }
}
