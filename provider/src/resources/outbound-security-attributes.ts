// The outbound_security nested attribute shared by smtp_virtual_server (delivery) and smtp_remote_domain: next-hop AUTH and TLS.
import { X509Certificate } from 'node:crypto';
import { formatPath, type AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { Types } from '../protocol/tf-type.ts';
import { Unknown } from '../protocol/value.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { attribute, type Attribute } from '../framework/schema/attribute.ts';
import { invalidValue, type AttributeValidator, type ObjectValidator } from '../framework/validators/validator.ts';
import { sizeBetween } from '../framework/validators/collection-validators.ts';
import { between, eachElement, oneOf, stringMatching } from '../framework/validators/value-validators.ts';

/** OutboundSecurity as Terraform holds it; `password_wo` is write-only (null in plan and state). */
export interface OutboundSecurity {
  authentication: 'anonymous' | 'basic' | 'integrated' | 'oauth2';
  username: string | null;
  password_wo: string | null;
  password_wo_version: number | null;
  /** null = automatic (verify with credentials, else opportunistic), as the API. */
  tls_policy: TlsPolicy | null;
  tls_ca_pem: string | null;
  /** null = none pinned (the API's []). */
  tls_fingerprints_sha256: string[] | null;
  tls: boolean;
  token_url: string | null;
  client_id: string | null;
  client_secret_wo: string | null;
  client_secret_wo_version: number | null;
  scope: string | null;
}

type TlsPolicy = 'none' | 'opportunistic' | 'encrypt' | 'verify' | 'dane' | 'mta_sts';

/** The API's defaults, used as the plan-time default of the whole nested object. */
export const OUTBOUND_SECURITY_DEFAULTS: OutboundSecurity = {
  authentication: 'anonymous', username: null, password_wo: null, password_wo_version: null,
  tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: null, tls: false,
  token_url: null, client_id: null, client_secret_wo: null, client_secret_wo_version: null, scope: null,
};

const oauth2Fields = ['token_url', 'client_id', 'scope'] as const;

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

const known = (value: unknown): boolean => !(value instanceof Unknown);

/** The relay's effective policy (relay-service config/tls-policy.ts): explicit, else verify with credentials, else opportunistic; legacy tls lifts it to encrypt. */
function effectivePolicy(object: Readonly<Record<string, unknown>>): TlsPolicy {
  const chosen = (object.tls_policy as TlsPolicy | null) ?? ((object.authentication ?? 'anonymous') === 'anonymous' ? 'opportunistic' : 'verify');
  return object.tls === true && (chosen === 'none' || chosen === 'opportunistic') ? 'encrypt' : chosen;
}

/**
 * The API's TLS and OAuth2 rules at plan time (relay-service config/outbound-security-rules.ts), and the warning a
 * security review wants to see: credentials sent to a next hop whose certificate is not verified.
 */
const outboundSecurityRules: ObjectValidator = {
  description: 'TLS policy, CA and pins, and OAuth2 settings fit together',
  validate(object, path) {
    const out: Diagnostic[] = [];
    const at = (name: string) => [...path, { attribute: name }];
    if (!Object.values(object).every(known)) return out;
    const mode = object.authentication ?? 'anonymous';
    for (const field of oauth2Fields) {
      const set = (object[field] ?? null) !== null;
      if (mode === 'oauth2' && !set) out.push(invalidValue(at(field), `Attribute ${formatPath(at(field))} is required when authentication is "oauth2"`));
      if (mode !== 'oauth2' && set) out.push(invalidValue(at(field), `Attribute ${formatPath(at(field))} is only used when authentication is "oauth2"`));
    }
    const chosen = (object.tls_policy ?? null) as TlsPolicy | null;
    if (chosen === 'none' && mode !== 'anonymous') {
      out.push(invalidValue(at('tls_policy'), `tls_policy "none" cannot carry ${String(mode)} authentication: credentials are never sent without TLS (choose "encrypt" or "verify")`));
    }
    if ((chosen === 'dane' || chosen === 'mta_sts') && mode !== 'anonymous') {
      out.push(invalidValue(at('tls_policy'), `tls_policy "${chosen}" authenticates the MX hosts of direct delivery, which takes no credentials: with ${String(mode)} authentication use "verify"`));
    }
    if ((chosen === 'none' || chosen === 'opportunistic' || chosen === 'dane' || chosen === 'mta_sts') && object.tls === true) {
      out.push(invalidValue(at('tls'), `tls = true conflicts with tls_policy "${chosen}": remove the legacy tls and keep tls_policy`));
    }
    const effective = effectivePolicy(object);
    if ((object.tls_ca_pem ?? null) !== null && effective !== 'verify' && effective !== 'mta_sts') {
      out.push(invalidValue(at('tls_ca_pem'), `tls_ca_pem is only used with tls_policy "verify" or "mta_sts" (this route's policy is "${effective}")`));
    }
    if ((object.tls_fingerprints_sha256 ?? null) !== null && effective !== 'verify') {
      out.push(invalidValue(at('tls_fingerprints_sha256'), `tls_fingerprints_sha256 is only used with tls_policy "verify" (this route's policy is "${effective}")`));
    }
    if (mode !== 'anonymous' && effective !== 'verify') {
      out.push({
        severity: 'warning', summary: 'Credentials to an unverified next hop', attribute: at('tls_policy'),
        detail: `With tls_policy "${effective}" the relay encrypts but does not verify the next hop's certificate: whoever can intercept the ` +
          `connection (DNS spoofing, a hostile network) can present any certificate and receive the ${String(mode)} credentials and every message. ` +
          'Use tls_policy = "verify" (add tls_ca_pem for a private CA) unless this is intended.',
      });
    }
    return out;
  },
};

/** A PEM bundle Node can read as one or more X.509 certificates. */
const pemCertificates: AttributeValidator = {
  description: 'value must be one or more PEM certificates',
  validate(value, { path }) {
    const blocks = typeof value === 'string' ? value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [] : [];
    try {
      if (blocks.length > 0 && blocks.every((block) => new X509Certificate(block))) return [];
    } catch { /* reported below */ }
    return [invalidValue(path, `Attribute ${formatPath(path)} value must be one or more PEM certificates (-----BEGIN CERTIFICATE----- ...), and this one does not parse`)];
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
      description: `How the relay authenticates to ${nextHop}: \`"anonymous"\` (default), \`"basic"\` (AUTH PLAIN/LOGIN with \`username\`/\`password_wo\`), ` +
        '`"integrated"` (CRAM-MD5) or `"oauth2"` (XOAUTH2 / OAUTHBEARER with a client-credentials token from `token_url`). Credentials of any kind are only ever sent inside TLS.',
      default: OUTBOUND_SECURITY_DEFAULTS.authentication,
      validators: [oneOf('anonymous', 'basic', 'integrated', 'oauth2')],
    }),
    username: attribute.string({
      description: 'User name for `basic` or `integrated` authentication, or the mailbox an `oauth2` token acts for; required unless `authentication = "anonymous"`.',
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
    tls_policy: attribute.string({
      description: `How the session to ${nextHop} is protected (Postfix's \`smtp_tls_security_level\` in brackets): \`"none"\` never STARTTLS [none]; ` +
        '`"opportunistic"` STARTTLS when offered, certificate not checked, clear text otherwise [may]; `"encrypt"` STARTTLS required, certificate not checked ' +
        '[encrypt]; `"verify"` STARTTLS required, the certificate must chain to a system root or `tls_ca_pem` and name the smart host (or the MX host) ' +
        '[secure]. For direct MX delivery without credentials the recipient domain decides: `"dane"` the MX host\'s DNSSEC-validated TLSA records must match its ' +
        'certificate, opportunistic where it publishes none [dane, RFC 7672]; `"mta_sts"` the domain\'s MTA-STS policy: in `enforce` mode only its MX hosts, ' +
        'verified, in `testing` mode or without a policy opportunistic (RFC 8461). Omitted: `"verify"` when the route authenticates, `"opportunistic"` otherwise. ' +
        'A TLS problem defers the mail (4.7.4 / 4.7.5, "TLS level mismatch") until it expires.',
      optional: true,
      validators: [oneOf('none', 'opportunistic', 'encrypt', 'verify', 'dane', 'mta_sts')],
    }),
    tls_ca_pem: attribute.string({
      description: 'PEM certificates trusted besides the system roots when `tls_policy = "verify"` (a private CA, or a self-signed smart host certificate) or `"mta_sts"` (the policy host and the MX hosts); also trusted for the OAuth2 `token_url`.',
      optional: true,
      validators: [pemCertificates],
    }),
    tls_fingerprints_sha256: attribute.set(Types.string, {
      description: 'With `tls_policy = "verify"`: the certificate must also have one of these SHA-256 fingerprints (`AA:BB:...`, 32 colon-separated hex bytes), e.g. to pin a smart host across CA changes.',
      optional: true,
      validators: [sizeBetween(1, 20), eachElement(stringMatching(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/, 'a SHA-256 fingerprint such as AA:BB:... (32 hex bytes)'), { set: true })],
    }),
    tls: attribute.bool({
      description: `Legacy switch: \`true\` = at least \`tls_policy = "encrypt"\` towards ${nextHop}. Defaults to \`false\`. Use \`tls_policy\`.`,
      default: OUTBOUND_SECURITY_DEFAULTS.tls,
      deprecated: 'outbound_security.tls is the legacy switch: use tls_policy = "encrypt" (or "verify", which also checks the certificate).',
    }),
    token_url: attribute.string({
      description: 'OAuth2 token endpoint (`https://`) for `authentication = "oauth2"`, e.g. `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`.',
      optional: true,
      validators: [stringMatching(/^https:\/\/[^\s/@:]+(:\d+)?(\/\S*)?$/, 'an https:// URL without credentials')],
    }),
    client_id: attribute.string({ description: 'OAuth2 client (application) id for `authentication = "oauth2"`.', optional: true, validators: [stringMatching(/\S/, 'a non-empty id', { min: 1, max: 1024 })] }),
    client_secret_wo: attribute.string({
      description: 'OAuth2 client secret (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `client_secret_wo_version` changes.',
      optional: true,
      writeOnly: true,
      sensitive: true,
      validators: [stringMatching(/^[\s\S]+$/, 'a non-empty secret', { min: 1, max: 4096 })],
    }),
    client_secret_wo_version: attribute.number({
      description: 'Any whole number you change to make Terraform send `client_secret_wo` again (secret rotation).',
      optional: true,
      validators: [between(0, Number.MAX_SAFE_INTEGER, { integer: true })],
    }),
    scope: attribute.string({
      description: 'OAuth2 scope for `authentication = "oauth2"`, e.g. `https://outlook.office365.com/.default` (Microsoft 365) or `https://mail.google.com/` (Google).',
      optional: true,
      validators: [stringMatching(/\S/, 'a non-empty scope', { min: 1, max: 2048 })],
    }),
  }, {
    description: `Authentication and TLS towards ${nextHop}. Omitted: anonymous, opportunistic TLS.`,
    default: { ...OUTBOUND_SECURITY_DEFAULTS },
    objectValidators: [usernameWhenAuthenticating, outboundSecurityRules],
  });
}

/** The state form of what the API returned (it never returns `password_wo`). */
export function outboundSecurityFrom(api: Partial<OutboundSecurity> | undefined): OutboundSecurity {
  return {
    authentication: api?.authentication ?? OUTBOUND_SECURITY_DEFAULTS.authentication,
    username: api?.username ?? null,
    password_wo: null,
    password_wo_version: api?.password_wo_version ?? null,
    tls_policy: api?.tls_policy ?? null,
    tls_ca_pem: api?.tls_ca_pem ?? null,
    tls_fingerprints_sha256: api?.tls_fingerprints_sha256?.length ? api.tls_fingerprints_sha256 : null,
    tls: api?.tls ?? OUTBOUND_SECURITY_DEFAULTS.tls,
    token_url: api?.token_url ?? null,
    client_id: api?.client_id ?? null,
    client_secret_wo: null,
    client_secret_wo_version: api?.client_secret_wo_version ?? null,
    scope: api?.scope ?? null,
  };
}

/** One write-only secret and its version: sent on create or when the version changes; a new version needs the secret. */
function secretToSend(secret: string | null, version: number | null, priorVersion: number | null | undefined, at: AttributePath, name: string): string | undefined {
  const rotate = priorVersion === undefined || priorVersion !== version;
  if (rotate && priorVersion !== undefined && secret === null && version !== null) {
    const path = [...at, { attribute: name }];
    throw DiagnosticsError.attribute(path, `Missing ${name.replace(/_wo$/, '').replace('_', ' ')}`, `${formatPath(path)} must be set when ${name}_version changes.`);
  }
  return rotate && secret !== null ? secret : undefined;
}

type OutboundSecurityBody = Omit<OutboundSecurity, 'password_wo' | 'client_secret_wo' | 'tls_fingerprints_sha256'> &
  { password_wo?: string; client_secret_wo?: string; tls_fingerprints_sha256: string[] };

/**
 * The API body for `planned` (found at `path`, for diagnostics). Each write-only secret goes along when there is
 * no prior state (create) or its version changed; otherwise it is omitted and the API keeps the stored secret.
 * A new non-null version without its secret is an error naming the secret attribute.
 */
export function outboundSecurityBody(planned: OutboundSecurity, prior: OutboundSecurity | null, path: AttributePath): OutboundSecurityBody {
  const { password_wo, client_secret_wo, tls_fingerprints_sha256, ...rest } = planned;
  const password = secretToSend(password_wo, planned.password_wo_version, prior ? prior.password_wo_version : undefined, path, 'password_wo');
  const clientSecret = secretToSend(client_secret_wo, planned.client_secret_wo_version, prior ? prior.client_secret_wo_version ?? null : undefined, path, 'client_secret_wo');
  return {
    ...rest,
    tls_fingerprints_sha256: tls_fingerprints_sha256 ?? [],
    ...(password !== undefined ? { password_wo: password } : {}),
    ...(clientSecret !== undefined ? { client_secret_wo: clientSecret } : {}),
  };
}
