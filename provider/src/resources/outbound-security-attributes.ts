// The outbound_security nested attribute shared by smtp_virtual_server (delivery) and smtp_remote_domain: next-hop AUTH and TLS.
import { formatPath, type AttributePath } from '../protocol/attribute-path.ts';
import { Unknown } from '../protocol/value.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { attribute, type Attribute } from '../framework/schema/attribute.ts';
import { invalidValue, type ObjectValidator } from '../framework/validators/validator.ts';
import { between, oneOf, stringMatching } from '../framework/validators/value-validators.ts';

/** OutboundSecurity as Terraform holds it; `password_wo` is write-only (null in plan and state). */
export interface OutboundSecurity {
  authentication: 'anonymous' | 'basic' | 'integrated';
  username: string | null;
  password_wo: string | null;
  password_wo_version: number | null;
  tls: boolean;
}

/** The API's defaults, used as the plan-time default of the whole nested object. */
export const OUTBOUND_SECURITY_DEFAULTS: OutboundSecurity = {
  authentication: 'anonymous', username: null, password_wo: null, password_wo_version: null, tls: false,
};

/** The API's cross-field rule at plan time: basic or integrated authentication needs a `username`. */
const usernameWhenAuthenticating: ObjectValidator = {
  description: '"username" is required unless authentication is "anonymous"',
  validate(object, path) {
    const mode = object.authentication;
    if (mode instanceof Unknown || object.username instanceof Unknown) return [];
    if (mode === null || mode === undefined || mode === 'anonymous' || (object.username ?? null) !== null) return [];
    const at = [...path, { attribute: 'username' }];
    return [invalidValue(at, `Attribute ${formatPath(at)} is required when authentication is "${String(mode)}"`)];
  },
};

/**
 * The `outbound_security` single nested attribute: optional, defaulting at plan time to the API's
 * defaults (so an omitted block plans as `{ authentication = "anonymous", tls = false, ... }`).
 * `password_wo` is sent when the object is created and whenever `password_wo_version` changes.
 */
export function outboundSecurityAttribute(nextHop: string): Attribute {
  return attribute.singleNested({
    authentication: attribute.string({
      description: `How the relay authenticates to ${nextHop}: \`"anonymous"\` (default), \`"basic"\` (AUTH with \`username\`/\`password_wo\`) or \`"integrated"\`.`,
      default: OUTBOUND_SECURITY_DEFAULTS.authentication,
      validators: [oneOf('anonymous', 'basic', 'integrated')],
    }),
    username: attribute.string({
      description: 'User name for `basic` or `integrated` authentication; required unless `authentication = "anonymous"`.',
      optional: true,
      validators: [stringMatching(/^[\s\S]+$/, 'a non-empty user name', { min: 1 })],
    }),
    password_wo: attribute.string({
      description: 'The password (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `password_wo_version` changes.',
      optional: true,
      writeOnly: true,
      sensitive: true,
      validators: [stringMatching(/^[\s\S]+$/, 'a non-empty password', { min: 1 })],
    }),
    password_wo_version: attribute.number({
      description: 'Any whole number you change to make Terraform send `password_wo` again (password rotation).',
      optional: true,
      validators: [between(0, Number.MAX_SAFE_INTEGER, { integer: true })],
    }),
    tls: attribute.bool({
      description: `Fail delivery unless STARTTLS with ${nextHop} succeeds. Defaults to \`false\` (opportunistic TLS).`,
      default: OUTBOUND_SECURITY_DEFAULTS.tls,
    }),
  }, {
    description: `Authentication and TLS towards ${nextHop}. Omitted: anonymous, opportunistic TLS.`,
    default: { ...OUTBOUND_SECURITY_DEFAULTS },
    objectValidators: [usernameWhenAuthenticating],
  });
}

/** The state form of what the API returned (it never returns `password_wo`). */
export function outboundSecurityFrom(api: Partial<OutboundSecurity> | undefined): OutboundSecurity {
  return {
    authentication: api?.authentication ?? OUTBOUND_SECURITY_DEFAULTS.authentication,
    username: api?.username ?? null,
    password_wo: null,
    password_wo_version: api?.password_wo_version ?? null,
    tls: api?.tls ?? OUTBOUND_SECURITY_DEFAULTS.tls,
  };
}

/**
 * The API body for `planned` (found at `path`, for diagnostics). The password goes along when there is
 * no prior state (create) or the version changed; otherwise it is omitted and the API keeps the stored
 * secret. A new non-null version without a password is an error naming `password_wo`.
 */
export function outboundSecurityBody(planned: OutboundSecurity, prior: OutboundSecurity | null, path: AttributePath): Omit<OutboundSecurity, 'password_wo'> & { password_wo?: string } {
  const { password_wo, ...rest } = planned;
  const rotate = prior === null || prior.password_wo_version !== planned.password_wo_version;
  if (rotate && prior !== null && password_wo === null && planned.password_wo_version !== null) {
    const at = [...path, { attribute: 'password_wo' }];
    throw DiagnosticsError.attribute(at, 'Missing password', `${formatPath(at)} must be set when password_wo_version changes.`);
  }
  return rotate && password_wo !== null ? { ...rest, password_wo } : rest;
}
