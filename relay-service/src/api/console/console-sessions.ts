// Web console sessions: an opaque id (the cookie), a CSRF token, idle and absolute expiry; in this process's memory.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../principal.ts';

/** One browser login. `bearerToken` is kept for a token login so every request can check the token still works. */
export interface ConsoleSession {
  id: string;
  csrfToken: string;
  principal: Principal;
  bearerToken: string | null;
  createdAt: number;
  lastSeenAt: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Sessions of the console, forgotten on restart (the browser then shows the login page again). A session ends after
 * `idleMs` without a request, `maxAgeMs` after its login, or at logout. Nodes do not share sessions: a load balancer
 * in front of several nodes needs sticky sessions, or each node its own login.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(readonly idleMs = 30 * 60_000, readonly maxAgeMs = 8 * 3600_000, private readonly maxSessions = 10_000) {}

  /** A new session for a principal that just proved its credentials. */
  create(principal: Principal, bearerToken: string | null, now = Date.now()): ConsoleSession {
    if (this.sessions.size >= this.maxSessions) this.prune(now);
    const session = {
      id: randomBytes(32).toString('base64url'), csrfToken: randomBytes(32).toString('base64url'),
      principal, bearerToken, createdAt: now, lastSeenAt: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of this id (its idle clock restarted), or null when unknown or expired (then forgotten). */
  find(id: string | undefined, now = Date.now()): ConsoleSession | null {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return null;
    if (this.expired(session, now)) {
      this.sessions.delete(session.id);
      return null;
    }
    session.lastSeenAt = now;
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  /** When the session ends if unused from now on. */
  expiresAt(session: ConsoleSession): number {
    return Math.min(session.lastSeenAt + this.idleMs, session.createdAt + this.maxAgeMs);
  }

  /** Compares in constant time (hashes of equal length), so the token cannot be guessed byte by byte. */
  static csrfMatches(session: ConsoleSession, given: string | undefined): boolean {
    return typeof given === 'string' && timingSafeEqual(digest(given), digest(session.csrfToken));
  }

  private expired(session: ConsoleSession, now: number): boolean {
    return now >= this.expiresAt(session);
  }

  private prune(now: number): void {
    for (const session of this.sessions.values()) if (this.expired(session, now)) this.sessions.delete(session.id);
    // Still full (a flood of logins): the oldest sessions go first; the map keeps insertion order.
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < this.maxSessions) break;
      this.sessions.delete(id);
    }
  }
}
