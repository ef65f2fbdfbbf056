// Resolves the Authorization header (Bearer admin/issued token, or Basic account or directory password) to a Principal.
import { checkAccountPassword, findAccount, resolveBearerToken } from '../auth/account-credentials.ts';
import { formatPrincipalName, parsePrincipalName, type PrincipalName } from '../auth/principal-name.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { checkDirectoryPassword } from '../directory/directory-accounts.ts';
import { DirectoryUnavailableError } from '../directory/directory-client.ts';
import type { DirectoryLogins } from '../directory/directory-logins.ts';
import type { ConfigReads, StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import type { Principal } from './principal.ts';

function accountPrincipal(account: StoredObject, via: 'basic' | 'token'): Principal {
  const name = formatPrincipalName({ name: String(account.doc.name), domain: String(account.doc.domain) });
  return { kind: 'account', accountId: account.id, name, via };
}

/** What Basic logins of directory users need: the secret box (bind passwords) and this process's login cache. */
export interface DirectorySignIn {
  box: SecretBox;
  logins: DirectoryLogins;
}

/**
 * `DOMAIN\name` and `name@DOMAIN` as given; a bare name means the only account of that name, whatever its domain, or,
 * with no account of that name, a user of the only directory.
 */
async function loginName(user: string, reads: ConfigReads): Promise<PrincipalName> {
  const principal = parsePrincipalName(user);
  if (/[\\@]/.test(user)) return principal;
  const named = (await reads.list('account')).filter((a) => String(a.doc.name).toLowerCase() === user.toLowerCase());
  if (named.length === 1) return { name: user, domain: String(named[0].doc.domain) };
  const directories = named.length === 0 ? await reads.list('directory') : [];
  return directories.length === 1 ? { name: user, domain: String(directories[0].doc.domain) } : principal;
}

/** The user and password of a Basic header, or null for another scheme or a malformed one. */
function basicCredentials(header: string): { user: string; password: string } | null {
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function fromHeader(header: string, login: { name: PrincipalName; password: string } | null, reads: ConfigReads, directories: DirectorySignIn): Promise<Principal | null> {
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') {
    const owner = await resolveBearerToken(reads, credentials);
    if (!owner) return null;
    return owner.kind === 'admin' ? { kind: 'admin' } : accountPrincipal(owner.account, 'token');
  }
  if (!login) return null;
  // A local account of that name and domain wins; only without one is the domain's directory asked (as for SMTP AUTH).
  if (!(await findAccount(reads, login.name))) {
    const user = await checkDirectoryPassword(reads, directories.box, directories.logins, login.name, login.password);
    if (user) {
      const name = formatPrincipalName({ name: login.name.name, domain: String(user.directory.doc.domain) });
      return { kind: 'directory_user', directoryId: user.directory.id, dn: user.user.dn, groups: user.user.groups, name };
    }
  }
  const account = await checkAccountPassword(reads, login.name, login.password);
  return account ? accountPrincipal(account, 'basic') : null;
}

/**
 * Authenticates one request; runs on every request (no session) so a removed account or token stops working at once
 * (a directory user's login and groups may come from its directory's cache, at most cache_ttl_seconds old). Wrong
 * credentials count against the client IP and, for Basic, against the account named: 429 past either limit, even for
 * the right credentials, before any directory is asked. A directory that cannot be asked is 503, counted against no one.
 */
export async function authenticate(header: string | undefined, clientIp: string, reads: ConfigReads, limiter: LoginRateLimiter, directories: DirectorySignIn): Promise<Principal> {
  const basic = header ? basicCredentials(header) : null;
  const login = basic && { name: await loginName(basic.user, reads), password: basic.password };
  const account = login && formatPrincipalName(login.name).toLowerCase();
  const wait = limiter.retryAfterSeconds(clientIp, account);
  if (wait !== null) {
    throw new ApiError(429, 'too_many_requests', `Too many failed logins from this address or for this account; retry in ${wait} s.`, [], { 'Retry-After': String(wait) });
  }
  if (!header) throw ApiError.unauthenticated('An Authorization header (Bearer token or Basic credentials) is required.');
  const principal = await fromHeader(header, login, reads, directories).catch((error: unknown) => {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    throw new ApiError(503, 'directory_unavailable', 'The directory that checks this account cannot be reached; retry later.', [], { 'Retry-After': '30' });
  });
  if (!principal) {
    limiter.recordFailure(clientIp, account);
    throw ApiError.unauthenticated();
  }
  return principal;
}
