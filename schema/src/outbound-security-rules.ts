// Cross-field rules of outbound security: who authenticates how, and which TLS settings go with which policy.
import type { OutboundSecurity } from './model.ts';
import { dnsDecidedPolicies, effectiveTlsPolicy, requiresTls } from './tls-policy.ts';
import type { ValidationDetail } from './validation-detail.ts';

const oauth2Fields = ['token_url', 'client_id', 'scope'] as const;

/**
 * Checks a defaults-filled OutboundSecurity found at `path` (e.g. `$.delivery.outbound_security`); `smartHost` is the
 * same object's smart host (null for MX delivery); `legacy.requireTls` is a remote domain's legacy `require_tls`,
 * reported at `legacy.path`.
 */
export function checkOutboundSecurity(security: OutboundSecurity, path: string, smartHost: string | null, legacy?: { requireTls: boolean; path: string }): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const at = (field: string, message: string) => details.push({ path: `${path}.${field}`, message });
  const mode = security.authentication;
  if (mode !== 'anonymous' && security.username === null) at('username', `is required when authentication is ${mode}`);
  for (const field of oauth2Fields) {
    if (mode === 'oauth2' && security[field] === null) at(field, 'is required when authentication is oauth2');
    if (mode !== 'oauth2' && security[field] !== null) at(field, 'is only used when authentication is oauth2');
  }
  const chosen = security.tls_policy;
  if (chosen === 'none' && mode !== 'anonymous') {
    at('tls_policy', `"none" cannot carry ${mode} authentication: credentials are never sent without TLS (choose "encrypt" or "verify")`);
  }
  if (chosen !== null && dnsDecidedPolicies.has(chosen) && mode !== 'anonymous') {
    at('tls_policy', `"${chosen}" authenticates the MX hosts of direct delivery, which takes no credentials: with ${mode} authentication use "verify"`);
  }
  if (chosen === 'mta_sts' && smartHost !== null) {
    at('tls_policy', `"mta_sts" applies the recipient domain's policy to its MX hosts, and this route goes to the smart host ${smartHost}: use "verify" (or "dane")`);
  }
  if (chosen !== null && !requiresTls(chosen)) {
    if (security.tls) at('tls', `true conflicts with tls_policy "${chosen}"; tls is the legacy switch: drop it and use tls_policy`);
    if (legacy?.requireTls) details.push({ path: legacy.path, message: `true conflicts with outbound_security.tls_policy "${chosen}"` });
  }
  const effective = effectiveTlsPolicy(security, legacy?.requireTls);
  if (security.tls_ca_pem !== null && effective !== 'verify' && effective !== 'mta_sts') {
    at('tls_ca_pem', `is only used with tls_policy "verify" or "mta_sts" (this route's policy is "${effective}")`);
  }
  if (security.tls_fingerprints_sha256.length > 0 && effective !== 'verify') {
    at('tls_fingerprints_sha256', `is only used with tls_policy "verify" (this route's policy is "${effective}")`);
  }
  return details;
}
