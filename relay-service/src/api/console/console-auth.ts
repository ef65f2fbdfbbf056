// The console's session cookie as API credentials: which principal a cookie stands for, and the CSRF check of its writes.
import { resolveBearerToken } from '../../auth/account-credentials.ts';
import type { ConfigReads } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../principal.ts';
import { ConsoleSessions, type ConsoleSession } from './console-sessions.ts';

/** The cookie that carries the session id. */
export const sessionCookieName = 'relay_console';
/** The header a console page sends its session's CSRF token in (lower case, as node gives headers). */
export const csrfHeaderName = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Whether what proved the login still works: a token login's token (revoked or expired: no), a password login's
 * account (deleted: no). A directory user's session lasts until it expires, as its directory cache would.
 */
async function stillValid(session: ConsoleSession, reads: ConfigReads): Promise<boolean> {
  if (session.bearerToken !== null) return (await resolveBearerToken(reads, session.bearerToken)) !== null;
  if (session.principal.kind === 'account') return (await reads.get('account', session.principal.accountId)) !== null;
  return true;
}

/** What http-app.ts needs of a request that came without an Authorization header. */
export interface CookieRequest {
  method: string;
  cookie: string | undefined;
  csrfToken: string | undefined;
}

/**
 * The live session named by the request's cookie, or null (no cookie, unknown, expired, or its credentials gone).
 * A state-changing request with the cookie but without the session's CSRF token is refused 403: a page of another
 * site cannot read the token, so it cannot make the browser change anything with the operator's session.
 */
export async function consoleSession(sessions: ConsoleSessions, request: CookieRequest, reads: ConfigReads): Promise<ConsoleSession | null> {
  const session = sessions.find(readCookie(request.cookie, sessionCookieName));
  if (!session) return null;
  if (!safeMethods.has(request.method.toUpperCase()) && !ConsoleSessions.csrfMatches(session, request.csrfToken)) {
    throw ApiError.forbidden(`A request authenticated by the console's session cookie must send the session's CSRF token in ${csrfHeaderName}.`);
  }
  if (!(await stillValid(session, reads))) {
    sessions.end(session.id);
    return null;
  }
  return session;
}

/** The principal of a cookie-authenticated request (see consoleSession), or null. */
export async function cookiePrincipal(sessions: ConsoleSessions, request: CookieRequest, reads: ConfigReads): Promise<Principal | null> {
  return (await consoleSession(sessions, request, reads))?.principal ?? null;
}
