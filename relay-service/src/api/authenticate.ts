// Resolves the Authorization header (Bearer admin/issued token, or Basic account password) to a Principal.
import { checkAccountPassword, resolveBearerToken } from '../auth/account-credentials.ts';
import { formatPrincipalName, parsePrincipalName, type PrincipalName } from '../auth/principal-name.ts';
import type { ConfigReads, StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import type { Principal } from './principal.ts';

function accountPrincipal(account: StoredObject, via: 'basic' | 'token'): Principal {
  const name = formatPrincipalName({ name: String(account.doc.name), domain: String(account.doc.domain) });
  return { kind: 'account', accountId: account.id, name, via };
}

/** `DOMAIN\name` and `name@DOMAIN` as given; a bare name means the only account of that name, whatever its domain. */
async function loginName(user: string, reads: ConfigReads): Promise<PrincipalName> {
  const principal = parsePrincipalName(user);
  if (/[\\@]/.test(user)) return principal;
  const named = (await reads.list('account')).filter((a) => String(a.doc.name).toLowerCase() === user.toLowerCase());
  return named.length === 1 ? { name: user, domain: String(named[0].doc.domain) } : principal;
}

/** The user and password of a Basic header, or null for another scheme or a malformed one. */
function basicCredentials(header: string): { user: string; password: string } | null {
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function fromHeader(header: string, login: { name: PrincipalName; password: string } | null, reads: ConfigReads): Promise<Principal | null> {
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') {
    const owner = await resolveBearerToken(reads, credentials);
    if (!owner) return null;
    return owner.kind === 'admin' ? { kind: 'admin' } : accountPrincipal(owner.account, 'token');
  }
  if (login) {
    const account = await checkAccountPassword(reads, login.name, login.password);
    return account ? accountPrincipal(account, 'basic') : null;
  }
  return null;
}

/**
 * Authenticates one request; runs on every request (no session, no cache) so a removed account or
 * token stops working at once. Wrong credentials count against the client IP and, for Basic, against
 * the account named: 429 past either limit, even for the right credentials.
 */
export async function authenticate(header: string | undefined, clientIp: string, reads: ConfigReads, limiter: LoginRateLimiter): Promise<Principal> {
  const basic = header ? basicCredentials(header) : null;
  const login = basic && { name: await loginName(basic.user, reads), password: basic.password };
  const account = login && formatPrincipalName(login.name).toLowerCase();
  const wait = limiter.retryAfterSeconds(clientIp, account);
  if (wait !== null) {
    throw new ApiError(429, 'too_many_requests', `Too many failed logins from this address or for this account; retry in ${wait} s.`, [], { 'Retry-After': String(wait) });
  }
  if (!header) throw ApiError.unauthenticated('An Authorization header (Bearer token or Basic credentials) is required.');
  const principal = await fromHeader(header, login, reads);
  if (!principal) {
    limiter.recordFailure(clientIp, account);
    throw ApiError.unauthenticated();
  }
  return principal;
}
