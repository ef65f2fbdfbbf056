// The outbound_security nested attribute's Terraform side: its state form, when write-only secrets are sent, the plan-time rules and warning.
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { OutboundSecurity as ApiOutboundSecurity } from '@relayform/schema/model.ts';
import { checkOutboundSecurity } from '@relayform/schema/outbound-security-rules.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { outboundSecuritySchema } from '@relayform/schema/schemas/outbound-security-schema.ts';
import { effectiveTlsPolicy } from '@relayform/schema/tls-policy.ts';
import { Unknown } from '../protocol/value.ts';
import type { ObjectValidator } from '../framework/validators/validator.ts';
import { terraformValue } from '@relayform/schema/terraform-form.ts';
import { ruleValidator } from './schema-attributes.ts';

/** OutboundSecurity as Terraform holds it: write-only secrets null in plan and state, no pinned fingerprints as null. */
export type OutboundSecurity = Omit<ApiOutboundSecurity, 'password_wo' | 'client_secret_wo' | 'tls_fingerprints_sha256'> &
  { password_wo: string | null; client_secret_wo: string | null; tls_fingerprints_sha256: string[] | null };

const schema = outboundSecuritySchema('the next hop');

/** The API's defaults in their Terraform form (what the API holds for an omitted block, which Terraform shows as null). */
export const OUTBOUND_SECURITY_DEFAULTS = terraformValue(schema, applyDefaults(schema, {})) as unknown as OutboundSecurity;

/**
 * The model's outbound security rules (schema/ outbound-security-rules.ts) at plan time, on an object of `parent`
 * (the virtual server's `delivery`, or a remote domain) that holds `outbound_security` beside its `smart_host` (and for a
 * remote domain the legacy `require_tls`).
 */
export function outboundSecurityRules(parent: JsonSchema): ObjectValidator {
  const reads = ['outbound_security', 'smart_host', ...('require_tls' in (parent.properties ?? {}) ? ['require_tls'] : [])];
  return ruleValidator(parent, 'authentication, TLS policy, CA, pins and OAuth2 settings fit together and fit the route', reads, (document) =>
    checkOutboundSecurity(document.outbound_security as ApiOutboundSecurity, '$.outbound_security', document.smart_host as string | null,
      'require_tls' in document ? { requireTls: document.require_tls === true, path: '$.require_tls' } : undefined));
}

/** The warning a security review wants to see at plan time: credentials sent to a next hop whose certificate is not verified. */
export const unverifiedCredentialsWarning: ObjectValidator = {
  description: 'warns when credentials go to a next hop whose certificate is not verified',
  validate(object, path) {
    const mode = object.authentication ?? 'anonymous';
    if (mode === 'anonymous' || [mode, object.tls_policy, object.tls].some((v) => v instanceof Unknown)) return [];
    const security = { authentication: mode as ApiOutboundSecurity['authentication'], tls_policy: (object.tls_policy ?? null) as ApiOutboundSecurity['tls_policy'], tls: object.tls === true };
    const effective = effectiveTlsPolicy(security);
    if (effective === 'verify') return [];
    return [{
      severity: 'warning', summary: 'Credentials to an unverified next hop', attribute: [...path, { attribute: 'tls_policy' }],
      detail: `With tls_policy "${effective}" the relay encrypts but does not verify the next hop's certificate: whoever can intercept the ` +
        `connection (DNS spoofing, a hostile network) can present any certificate and receive the ${String(mode)} credentials and every message. ` +
        'Use tls_policy = "verify" (add tls_ca_pem for a private CA) unless this is intended.',
    }];
  },
};

/** One write-only secret and its version: sent on create or when the version changes (a new version without it is a plan-time error). */
function secretToSend(secret: string | null, version: number | null, priorVersion: number | null | undefined): string | undefined {
  const rotate = priorVersion === undefined || priorVersion !== version;
  return rotate && secret !== null ? secret : undefined;
}

type OutboundSecurityBody = Omit<OutboundSecurity, 'password_wo' | 'client_secret_wo' | 'tls_fingerprints_sha256'> &
  { password_wo?: string; client_secret_wo?: string; tls_fingerprints_sha256: string[] };

/**
 * The API body for `planned` (null: omitted in the configuration, the API's defaults). Each write-only secret goes along
 * when there is no prior object (create) or its version changed; otherwise it is omitted and the API keeps the stored secret.
 */
export function outboundSecurityBody(planned: OutboundSecurity | null, prior: OutboundSecurity | null): OutboundSecurityBody {
  const { password_wo, client_secret_wo, tls_fingerprints_sha256, ...rest } = planned ?? OUTBOUND_SECURITY_DEFAULTS;
  const password = secretToSend(password_wo, rest.password_wo_version, prior ? prior.password_wo_version : undefined);
  const clientSecret = secretToSend(client_secret_wo, rest.client_secret_wo_version, prior ? prior.client_secret_wo_version ?? null : undefined);
  return {
    ...rest,
    tls_fingerprints_sha256: tls_fingerprints_sha256 ?? [],
    ...(password !== undefined ? { password_wo: password } : {}),
    ...(clientSecret !== undefined ? { client_secret_wo: clientSecret } : {}),
  };
}
