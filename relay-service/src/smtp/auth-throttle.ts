// Throttles failed SMTP AUTH per client IP and per account: a growing delay per failure, then a lock-out for a while.

export interface AuthThrottleOptions {
  /** Failures of one client IP within `windowMs` after which that IP is locked out. */
  maxFailures: number;
  /** Failures against one account (from any IP) within `windowMs` after which that account is locked out. */
  maxAccountFailures: number;
  windowMs: number;
  lockMs: number;
  /** Delay before the reply to the n-th failure: n * delayMs (n capped at maxFailures). */
  delayMs: number;
  /** Most IPs plus accounts tracked; past it the oldest entries are forgotten first. */
  maxEntries: number;
}

export const defaultAuthThrottle: AuthThrottleOptions = {
  maxFailures: 5, maxAccountFailures: 10, windowMs: 600_000, lockMs: 600_000, delayMs: 200, maxEntries: 10_000,
};

/** Who one AUTH attempt came from and which account it named (normalised `domain\name`, lower case). */
export interface AuthAttempt {
  ip: string;
  account: string;
}

/** A client IP or an account that just got locked out. */
export interface AuthLockout {
  scope: 'ip' | 'account';
  key: string;
  failures: number;
  lockedUntil: Date;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** In-memory, per relay process, bounded by `maxEntries`. `onLockout` hears of every new lock-out (audit, metrics). */
export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: AuthThrottleOptions = defaultAuthThrottle, private readonly onLockout: (lockout: AuthLockout) => void = () => undefined) {}

  /** The scope that is locked out (AUTH is refused without checking credentials), or null. */
  locked(attempt: AuthAttempt, now = Date.now()): 'ip' | 'account' | null {
    if ((this.entries.get(`ip ${attempt.ip}`)?.lockedUntil ?? 0) > now) return 'ip';
    if ((this.entries.get(`account ${attempt.account}`)?.lockedUntil ?? 0) > now) return 'account';
    return null;
  }

  /** Records a failure against the IP and the account; returns how long to wait before replying. */
  recordFailure(attempt: AuthAttempt, now = Date.now()): number {
    const ipFailures = this.count('ip', attempt.ip, this.options.maxFailures, now);
    this.count('account', attempt.account, this.options.maxAccountFailures, now);
    return Math.min(ipFailures, this.options.maxFailures) * this.options.delayMs;
  }

  private count(scope: AuthLockout['scope'], key: string, limit: number, now: number): number {
    const id = `${scope} ${key}`;
    const entry = this.entries.get(id) ?? { failures: [], lockedUntil: 0 };
    this.entries.delete(id); // re-inserted last: Map order is then least recently failed first
    entry.failures = [...entry.failures.filter((at) => at > now - this.options.windowMs), now].slice(-limit);
    if (entry.failures.length >= limit && entry.lockedUntil <= now) {
      entry.lockedUntil = now + this.options.lockMs;
      this.onLockout({ scope, key, failures: entry.failures.length, lockedUntil: new Date(entry.lockedUntil) });
    }
    this.entries.set(id, entry);
    if (this.entries.size > this.options.maxEntries) this.prune(now);
    return entry.failures.length;
  }

  private prune(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.lockedUntil <= now && entry.failures.every((at) => at <= now - this.options.windowMs)) this.entries.delete(id);
    }
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
