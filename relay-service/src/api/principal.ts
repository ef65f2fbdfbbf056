// Who is calling the management API, as resolved from the Authorization header of each request.

/**
 * The admin, an account (via its password or a token it was issued), or a directory user (via its directory password;
 * `dn` and `groups` as normalDn gives them, groups nested ones included, as the directory said within its cache TTL).
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'account'; accountId: string; name: string; via: 'basic' | 'token' }
  | { kind: 'directory_user'; directoryId: string; dn: string; groups: string[]; name: string };

/** How the audit log names a principal: "admin", or the account's or directory user's `DOMAIN\name`. */
export function actorName(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.name;
}
