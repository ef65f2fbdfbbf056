// Splits the user name a client gives in SMTP AUTH into account name and domain (IIS basic auth's default domain).

/**
 * `CORP\alice` and `alice@CORP` name the domain explicitly; a bare `alice` gets
 * `basic_default_domain` (or "" when none is set).
 */
export function splitAccountName(user: string, defaultDomain: string | null): { name: string; domain: string } {
  const backslash = user.indexOf('\\');
  if (backslash >= 0) return { domain: user.slice(0, backslash), name: user.slice(backslash + 1) };
  const at = user.lastIndexOf('@');
  if (at > 0) return { name: user.slice(0, at), domain: user.slice(at + 1) };
  return { name: user, domain: defaultDomain ?? '' };
}

/** How an account is written in logs, Received headers and `authenticated_as`. */
export function accountLabel(account: { name: string; domain: string }): string {
  return account.domain ? `${account.domain}\\${account.name}` : account.name;
}
