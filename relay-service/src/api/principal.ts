// Who is calling the management API, as resolved from the Authorization header of each request.

/** The admin, or an account (via its password or a token it was issued). */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'account'; accountId: string; name: string; via: 'basic' | 'token' };

/** How the audit log names a principal: "admin", or the account's `DOMAIN\name`. */
export function actorName(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.name;
}
