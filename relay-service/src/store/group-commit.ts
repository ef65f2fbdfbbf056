// Group commit: every write requested within one event-loop turn goes into one transaction.

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Batches items and hands each batch to `commit` once per event-loop turn. Every caller's
 * promise settles after its batch's commit returned (resolved) or threw (rejected), so
 * N concurrent writers share one transaction and one fsync instead of N.
 */
export class GroupCommit<T> {
  private pending: Array<Pending<T>> = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  /** `between` runs after each batch's callers were answered and before the next batch commits (it must not throw). */
  constructor(private readonly commit: (items: T[]) => void | Promise<void>, private readonly between?: () => Promise<void>) {}

  /** Queues an item; resolves once the transaction holding it has committed. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => { this.inFlight = this.inFlight.then(() => this.flush()); });
      }
    });
  }

  /** Resolves when everything queued so far has been committed or failed. */
  async drain(): Promise<void> {
    while (this.scheduled || this.pending.length > 0) await new Promise((r) => setImmediate(r));
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      await this.commit(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
    await this.between?.();
  }
}
