// Throttles failed SMTP AUTH per client IP: a growing delay per failure, then a lock-out for a while.

export interface AuthThrottleOptions {
  /** Failures within `windowMs` after which the client is locked out. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** Delay before the reply to the n-th failure: n * delayMs. */
  delayMs: number;
}

export const defaultAuthThrottle: AuthThrottleOptions = { maxFailures: 5, windowMs: 600_000, lockMs: 600_000, delayMs: 200 };

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** In-memory, per relay process. Bounded: entries older than the window are dropped as the table grows. */
export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: AuthThrottleOptions = defaultAuthThrottle) {}

  /** True while the client is locked out: AUTH is refused without checking credentials. */
  isLocked(ip: string, now = Date.now()): boolean {
    return (this.entries.get(ip)?.lockedUntil ?? 0) > now;
  }

  /** Records a failure; returns how long to wait before replying. */
  recordFailure(ip: string, now = Date.now()): number {
    if (this.entries.size > 10_000) this.prune(now);
    const entry = this.entries.get(ip) ?? { failures: [], lockedUntil: 0 };
    entry.failures = [...entry.failures.filter((at) => at > now - this.options.windowMs), now];
    if (entry.failures.length >= this.options.maxFailures) entry.lockedUntil = now + this.options.lockMs;
    this.entries.set(ip, entry);
    return Math.min(entry.failures.length, this.options.maxFailures) * this.options.delayMs;
  }

  private prune(now: number): void {
    for (const [ip, entry] of this.entries) {
      if (entry.lockedUntil <= now && entry.failures.every((at) => at <= now - this.options.windowMs)) this.entries.delete(ip);
    }
  }
}
