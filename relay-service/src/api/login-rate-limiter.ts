// Limits failed API logins per client IP: after too many failures in a window, requests get 429 until it ends.

/** Fixed-window failure counter per client IP, in memory (a restart forgets it). */
export class LoginRateLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly maxFailures = 10, private readonly windowMs = 60_000) {}

  /** Seconds the client must wait, or null when it may try again now. */
  retryAfterSeconds(ip: string, now = Date.now()): number | null {
    const entry = this.failures.get(ip);
    if (!entry || entry.resetAt <= now || entry.count < this.maxFailures) return null;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  recordFailure(ip: string, now = Date.now()): void {
    if (this.failures.size > 10_000) this.prune(now);
    const entry = this.failures.get(ip);
    if (!entry || entry.resetAt <= now) this.failures.set(ip, { count: 1, resetAt: now + this.windowMs });
    else entry.count++;
  }

  private prune(now: number): void {
    for (const [ip, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(ip);
  }
}
