// A short-lived bearer token issued for the provider's username/password, so the relay hashes the password once per run.

/** What the relay answered to POST /v1/tokens, and when (by the local clock) the request was sent. */
export interface TokenGrant {
  token: string;
  /** How the header carries `token`: an issued bearer token, or (for a directory user, which gets none) the Basic credentials. */
  scheme: 'Bearer' | 'Basic';
  /** Milliseconds the token lives, counted from `sentAt`: measured locally, so the relay's clock does not matter. */
  ttlMs: number;
  sentAt: number;
}

/** Renew this long before the token expires, so a request sent near the end does not arrive after it. */
const RENEW_BEFORE_MS = 60_000;

/**
 * The Authorization header for a username/password provider: `Bearer <issued token>`, exchanged by `issue` on
 * first use and again once the token nears expiry (or after the relay refused it). Concurrent callers share one
 * exchange; a failed exchange is not cached, so the next call tries again. The token is a secret: never log it.
 */
export class IssuedToken {
  private held: { header: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly issue: () => Promise<TokenGrant>, private readonly now: () => number = Date.now) {}

  header(): Promise<string> {
    if (this.held && this.now() < this.held.renewAt) return Promise.resolve(this.held.header);
    this.pending ??= this.issue().then((grant) => {
      this.held = { header: `${grant.scheme} ${grant.token}`, renewAt: grant.sentAt + grant.ttlMs - RENEW_BEFORE_MS };
      return this.held.header;
    }).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** The relay refused `header` (401): the next header() exchanges again, unless another caller already did. */
  refused(header: string): void {
    if (this.held?.header === header) this.held = undefined;
  }
}
