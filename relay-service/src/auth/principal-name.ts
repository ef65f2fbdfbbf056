// Parses and prints account principal names: `DOMAIN\name`, `name@DOMAIN` or a bare `name`.

/** An account's login identity; domain "" means none. */
export interface PrincipalName {
  name: string;
  domain: string;
}

/** Splits a user name as SMTP AUTH and HTTP Basic clients send it; a bare name gets `defaultDomain`. */
export function parsePrincipalName(user: string, defaultDomain = ''): PrincipalName {
  const backslash = user.indexOf('\\');
  if (backslash >= 0) return { domain: user.slice(0, backslash), name: user.slice(backslash + 1) };
  const at = user.lastIndexOf('@');
  if (at >= 0) return { name: user.slice(0, at), domain: user.slice(at + 1) };
  return { name: user, domain: defaultDomain };
}

/** `CORP\alice`, or `alice` without a domain. */
export function formatPrincipalName(principal: PrincipalName): string {
  return principal.domain ? `${principal.domain}\\${principal.name}` : principal.name;
}

/** Windows account names compare case-insensitively. */
export function samePrincipal(a: PrincipalName, b: PrincipalName): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase() && a.domain.toLowerCase() === b.domain.toLowerCase();
}
