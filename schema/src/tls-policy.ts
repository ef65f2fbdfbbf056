// The TLS policy a route really gets: the configured one, the automatic default, and the legacy "TLS required" floor.
import type { OutboundSecurity, TlsPolicy } from './model.ts';

// dane and mta_sts require TLS only where the recipient domain's DNS asks for it: on their own they promise no more than opportunistic.
const strength: Record<TlsPolicy, number> = { none: 0, opportunistic: 1, dane: 1, mta_sts: 1, encrypt: 2, verify: 3 };

/** The policies whose strength the recipient domain's DNS decides at delivery time; they authenticate MX hosts, which take no credentials. */
export const dnsDecidedPolicies: ReadonlySet<TlsPolicy> = new Set(['dane', 'mta_sts']);

/** True when `policy` requires an encrypted session on its own (encrypt or verify). */
export function requiresTls(policy: TlsPolicy): boolean {
  return strength[policy] >= strength.encrypt;
}

/**
 * The policy delivery enforces for `security` (and a remote domain's legacy `require_tls`): an explicit
 * `tls_policy`, else verify for a route that authenticates and opportunistic for one that does not; the legacy
 * `tls` / `require_tls` switches raise anything weaker to encrypt. Validation (checkOutboundSecurity) refuses
 * an explicit policy below a legacy switch, so the floor only lifts the automatic default.
 */
export function effectiveTlsPolicy(security: Pick<OutboundSecurity, 'authentication' | 'tls_policy' | 'tls'>, requireTls = false): TlsPolicy {
  const chosen = security.tls_policy ?? (security.authentication === 'anonymous' ? 'opportunistic' : 'verify');
  return (security.tls || requireTls) && !requiresTls(chosen) ? 'encrypt' : chosen;
}
