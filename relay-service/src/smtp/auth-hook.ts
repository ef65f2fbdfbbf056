// Session hook for AUTH: PLAIN/LOGIN against account passwords, CRAM-MD5, XOAUTH2 and GSSAPI (integrated), throttled per client IP and account.
import type { SMTPServerAuthentication } from 'smtp-server';
import type { AuthenticatedAccount, CredentialStore } from '../config/config-reader.ts';
import { DirectoryUnavailableError } from '../directory/directory-client.ts';
import { formatPrincipalName, parsePrincipalName, samePrincipal, type PrincipalName } from '../auth/principal-name.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import type { SaslAuthentication } from './sasl/sasl-command.ts';
import type { SessionContext } from './session-context.ts';
import { SmtpReply } from './smtp-reply.ts';

export interface AuthDeps {
  credentials: CredentialStore;
  throttle: AuthThrottle;
}

/** The mechanisms a virtual server offers: basic = PLAIN, LOGIN; integrated = CRAM-MD5, XOAUTH2 and, with a keytab, GSSAPI. */
export function authMechanisms(auth: SessionContext['config']['server']['authentication']): string[] {
  const integrated = auth.integrated ? ['CRAM-MD5', 'XOAUTH2', ...(auth.kerberos_keytab_path ? ['GSSAPI'] : [])] : [];
  return [...(auth.basic ? ['PLAIN', 'LOGIN'] : []), ...integrated];
}

/** Failed or refused AUTH commands one connection may send; the next one is answered 421 and the connection closed. */
export const maxFailuresPerSession = 3;

const sessionFailures = new WeakMap<SessionContext, number>();

/**
 * Verifies one AUTH attempt. Returns the account label on success. A directory that cannot be asked gives `454 4.7.0`
 * (temporary; nothing counted against the client or account). A mechanism the server
 * does not offer, or bad credentials, give `535 5.7.8` after a growing delay; while the client
 * IP or the named account has too many recent failures, `454 4.7.0` without the credentials
 * being checked. After `maxFailuresPerSession` of those on one connection: `421 4.7.0`, closed.
 */
export async function onAuth(auth: SMTPServerAuthentication, ctx: SessionContext, deps: AuthDeps): Promise<string | SmtpReply> {
  const failures = sessionFailures.get(ctx) ?? 0;
  if (failures >= maxFailuresPerSession) {
    return new SmtpReply(421, '4.7.0', 'Too many failed authentication attempts, closing connection', 'auth_throttled');
  }
  const attempt = { ip: ctx.client.ip, account: formatPrincipalName(principalOf(auth, ctx)).toLowerCase() };
  const locked = deps.throttle.locked(attempt);
  if (locked) {
    sessionFailures.set(ctx, failures + 1);
    ctx.log.warn({ method: auth.method, user: auth.username, locked }, 'smtp auth refused: throttled');
    return new SmtpReply(454, '4.7.0', 'Too many failed authentication attempts, try again later', 'auth_throttled');
  }
  let account: AuthenticatedAccount | null;
  try {
    account = authMechanisms(ctx.config.server.authentication).includes(auth.method) ? await verify(auth, ctx, deps.credentials) : null;
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    // Not the client's fault and not a refusal: no failure is recorded against it, and it may try again later.
    sessionFailures.set(ctx, failures + 1);
    ctx.log.warn({ method: auth.method, user: auth.username, err: error.message }, 'smtp auth: directory unavailable');
    return new SmtpReply(454, '4.7.0', 'Temporary authentication failure, try again later', 'auth_unavailable');
  }
  if (account) {
    ctx.log.info({ method: auth.method, user: formatPrincipalName(account.account) }, 'smtp auth succeeded');
    return formatPrincipalName(account.account);
  }
  sessionFailures.set(ctx, failures + 1);
  const delay = deps.throttle.recordFailure(attempt);
  const reason = (auth as Partial<SaslAuthentication>).saslOutcome;
  ctx.log.warn({ method: auth.method, user: auth.username, ...(reason && !reason.ok ? { reason: reason.reason } : {}) }, 'smtp auth failed');
  await new Promise((resolve) => setTimeout(resolve, delay));
  return new SmtpReply(535, '5.7.8', 'Authentication credentials invalid', 'auth_failed');
}

/** The account an attempt names: `CORP\alice` and `alice@CORP` name the domain; a bare `alice` gets basic_default_domain. */
function principalOf(auth: SMTPServerAuthentication, ctx: SessionContext): PrincipalName {
  return parsePrincipalName(auth.username ?? '', ctx.config.server.authentication.basic_default_domain ?? '');
}

async function verify(auth: SMTPServerAuthentication, ctx: SessionContext, credentials: CredentialStore): Promise<AuthenticatedAccount | null> {
  const user = auth.username ?? '';
  const { name, domain } = principalOf(auth, ctx);
  switch (auth.method as string) {
    case 'PLAIN':
      // Acting for another identity (an authzid other than the user itself) is not supported.
      if (auth.authzid && auth.authzid !== user) return null;
      return credentials.verifyPassword(name, domain, auth.password ?? '');
    case 'LOGIN':
      return credentials.verifyPassword(name, domain, auth.password ?? '');
    case 'CRAM-MD5': {
      const found = await credentials.cramMd5Secret(name, domain);
      return found && auth.validatePassword(found.secret) ? { account: found.account } : null;
    }
    case 'XOAUTH2':
      return credentials.verifyBearerToken(user, auth.accessToken ?? '');
    case 'GSSAPI':
      return kerberosAccount(auth as SaslAuthentication, credentials);
    default:
      return null;
  }
}

/**
 * The account of a Kerberos principal that GSS-API verified: `alice@CORP.EXAMPLE` is the account `alice` in domain
 * `CORP.EXAMPLE` (the realm, compared case-insensitively). An authorization identity other than that account (as
 * `alice@REALM`, `REALM\\alice` or, when the realm is basic_default_domain, `alice`) is refused: acting for another
 * identity is not supported.
 */
async function kerberosAccount(auth: SaslAuthentication, credentials: CredentialStore): Promise<AuthenticatedAccount | null> {
  const outcome = auth.saslOutcome;
  if (!outcome?.ok) return null;
  const principal = parsePrincipalName(outcome.identity);
  if (!principal.domain || !principal.name || principal.name.includes('/')) return null;
  if (outcome.authzid && !samePrincipal(parsePrincipalName(outcome.authzid, principal.domain), principal)) return null;
  return credentials.accountOfPrincipal(principal.name, principal.domain);
}
