// Limits failed API logins per client IP and per account: after too many failures in a window, requests get 429 until it ends.

/** Fixed-window failure counters per client IP and per account name, in memory (a restart forgets them). */
export class LoginRateLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  /**
   * `maxFailures` per client IP; `maxAccountFailures` per account (lower-cased login name, from any IP), so a
   * password guessed from many addresses is still limited.
   */
  constructor(private readonly maxFailures = 10, private readonly windowMs = 60_000, private readonly maxAccountFailures = 20) {}

  /** Seconds the client (or the account it names, if any) must wait, or null when it may try again now. */
  retryAfterSeconds(ip: string, account: string | null = null, now = Date.now()): number | null {
    const waits = [this.wait(`ip ${ip}`, this.maxFailures, now), account === null ? null : this.wait(`account ${account}`, this.maxAccountFailures, now)];
    const due = waits.filter((w): w is number => w !== null);
    return due.length ? Math.max(...due) : null;
  }

  recordFailure(ip: string, account: string | null = null, now = Date.now()): void {
    if (this.failures.size > 10_000) this.prune(now);
    this.count(`ip ${ip}`, now);
    if (account !== null) this.count(`account ${account}`, now);
  }

  private wait(key: string, limit: number, now: number): number | null {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now || entry.count < limit) return null;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  private count(key: string, now: number): void {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now) this.failures.set(key, { count: 1, resetAt: now + this.windowMs });
    else entry.count++;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
    // Still too many live entries (a spray of names): forget the oldest, the map keeps insertion order.
    for (const key of this.failures.keys()) {
      if (this.failures.size <= 10_000) break;
      this.failures.delete(key);
    }
  }
}
