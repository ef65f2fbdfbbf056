// Open SMTP connections per client IP (per virtual server), for limits.max_connections_per_ip.

/** Counts connections by key; the listener opens one at connect and closes it when the session ends. */
export interface ConnectionCounter {
  /** Counts one more connection of `key` when fewer than `limit` are open (true); false, counting nothing, at the limit. */
  open(key: string, limit: number): boolean | Promise<boolean>;
  /** The end of a connection `open` counted. */
  close(key: string): void;
}

/**
 * The counts of one process, or (in cluster mode) the primary's over its workers: each count belongs to an owner (a
 * worker slot), so the connections of a worker that died are forgotten with it (`forget`).
 */
export class ConnectionCounts implements ConnectionCounter {
  private readonly totals = new Map<string, number>();
  private readonly owners = new Map<string, Map<string, number>>();

  open(key: string, limit: number, owner = ''): boolean {
    const total = this.totals.get(key) ?? 0;
    if (total >= limit) return false;
    this.totals.set(key, total + 1);
    const own = this.owners.get(owner) ?? new Map<string, number>();
    own.set(key, (own.get(key) ?? 0) + 1);
    this.owners.set(owner, own);
    return true;
  }

  close(key: string, owner = ''): void {
    const own = this.owners.get(owner);
    const count = own?.get(key) ?? 0;
    if (!own || count === 0) return;
    if (count === 1) own.delete(key);
    else own.set(key, count - 1);
    this.subtract(key, 1);
  }

  /** Forgets every connection of `owner` (a worker that exited). */
  forget(owner: string): void {
    for (const [key, count] of this.owners.get(owner) ?? []) this.subtract(key, count);
    this.owners.delete(owner);
  }

  /** Open connections of `key` over every owner. */
  count(key: string): number {
    return this.totals.get(key) ?? 0;
  }

  private subtract(key: string, count: number): void {
    const left = (this.totals.get(key) ?? 0) - count;
    if (left > 0) this.totals.set(key, left);
    else this.totals.delete(key);
  }
}
