// Session hook for AUTH: PLAIN/LOGIN against account passwords, CRAM-MD5 and XOAUTH2 (integrated), throttled per client IP.
import type { SMTPServerAuthentication } from 'smtp-server';
import type { AuthenticatedAccount, ConfigReader } from '../config/config-reader.ts';
import { formatPrincipalName, parsePrincipalName } from '../auth/principal-name.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import type { SessionContext } from './session-context.ts';
import { SmtpReply } from './smtp-reply.ts';

export interface AuthDeps {
  config: ConfigReader;
  throttle: AuthThrottle;
}

/** The mechanisms a virtual server offers: basic = PLAIN, LOGIN; integrated = CRAM-MD5, XOAUTH2. */
export function authMechanisms(auth: SessionContext['config']['server']['authentication']): string[] {
  return [...(auth.basic ? ['PLAIN', 'LOGIN'] : []), ...(auth.integrated ? ['CRAM-MD5', 'XOAUTH2'] : [])];
}

/**
 * Verifies one AUTH attempt. Returns the account label on success. A mechanism the server
 * does not offer, or bad credentials, give `535 5.7.8` after a growing delay; a client
 * with too many recent failures gets `454 4.7.0` without its credentials being checked.
 */
export async function onAuth(auth: SMTPServerAuthentication, ctx: SessionContext, deps: AuthDeps): Promise<string | SmtpReply> {
  const ip = ctx.client.ip;
  if (deps.throttle.isLocked(ip)) {
    return new SmtpReply(454, '4.7.0', 'Too many failed authentication attempts, try again later', 'auth_throttled');
  }
  const account = authMechanisms(ctx.config.server.authentication).includes(auth.method) ? await verify(auth, ctx, deps.config) : null;
  if (account) {
    ctx.log.info({ method: auth.method, user: formatPrincipalName(account.account) }, 'smtp auth succeeded');
    return formatPrincipalName(account.account);
  }
  const delay = deps.throttle.recordFailure(ip);
  ctx.log.warn({ method: auth.method, user: auth.username }, 'smtp auth failed');
  await new Promise((resolve) => setTimeout(resolve, delay));
  return new SmtpReply(535, '5.7.8', 'Authentication credentials invalid', 'auth_failed');
}

async function verify(auth: SMTPServerAuthentication, ctx: SessionContext, config: ConfigReader): Promise<AuthenticatedAccount | null> {
  const user = auth.username ?? '';
  // `CORP\alice` and `alice@CORP` name the domain; a bare `alice` gets basic_default_domain.
  const { name, domain } = parsePrincipalName(user, ctx.config.server.authentication.basic_default_domain ?? '');
  switch (auth.method) {
    case 'PLAIN':
      // Acting for another identity (an authzid other than the user itself) is not supported.
      if (auth.authzid && auth.authzid !== user) return null;
      return config.verifyPassword(name, domain, auth.password ?? '');
    case 'LOGIN':
      return config.verifyPassword(name, domain, auth.password ?? '');
    case 'CRAM-MD5': {
      const found = await config.cramMd5Secret(name, domain);
      return found && auth.validatePassword(found.secret) ? { account: found.account } : null;
    }
    case 'XOAUTH2':
      return config.verifyBearerToken(user, auth.accessToken ?? '');
    default:
      return null;
  }
}
