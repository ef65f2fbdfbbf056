// JSON Schema of outbound security towards a smart host or remote domain (shared by virtual servers and remote domains).
import { applyDefaults } from '../apply-defaults.ts';
import type { OutboundSecurity } from '../model.ts';
import { secretVersionSchema, terraform, type JsonSchema } from './json-schema.ts';

/**
 * OutboundSecurity (model.ts): how the relay authenticates to the next hop and how it protects the session. `nextHop`
 * names the next hop in the Terraform docs ("the smart host or MX hosts", "this domain's next hop").
 */
export function outboundSecuritySchema(nextHop: string): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    default: {},
    // It holds write-only members, so Terraform shows it null while omitted (terraform-form.ts): its defaults are the API's.
    ...terraform(`Authentication and TLS towards ${nextHop}. Omitted: anonymous, opportunistic TLS.`),
    properties: {
      authentication: {
        type: 'string', enum: ['anonymous', 'basic', 'integrated', 'oauth2'], default: 'anonymous',
        description: 'anonymous = no AUTH; basic = AUTH PLAIN/LOGIN; integrated = CRAM-MD5; oauth2 = XOAUTH2/OAUTHBEARER with a client-credentials token.',
        ...terraform(`How the relay authenticates to ${nextHop}: \`"anonymous"\` (default), \`"basic"\` (AUTH PLAIN/LOGIN with \`username\`/\`password_wo\`), ` +
          '`"integrated"` (CRAM-MD5) or `"oauth2"` (XOAUTH2 / OAUTHBEARER with a client-credentials token from `token_url`). Credentials of any kind are only ever sent inside TLS.'),
      },
      username: {
        type: ['string', 'null'], minLength: 1, default: null, description: 'AUTH identity; for oauth2 the mailbox the token acts for.',
        ...terraform('User name for `basic` or `integrated` authentication, or the mailbox an `oauth2` token acts for; required unless `authentication = "anonymous"`.'),
      },
      password_wo: {
        type: 'string', minLength: 1, writeOnly: true, description: 'Write-only; never returned.',
        ...terraform('The password (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `password_wo_version` changes; ' +
          'required on create with `basic` or `integrated` authentication.', { requiredOnCreate: { when: { member: 'authentication', in: ['basic', 'integrated'] } } }),
      },
      password_wo_version: secretVersionSchema('Any whole number you change to make Terraform send `password_wo` again (password rotation).'),
      tls_policy: {
        type: ['string', 'null'], enum: ['none', 'opportunistic', 'encrypt', 'verify', 'dane', 'mta_sts', null], default: null,
        description: 'none | opportunistic | encrypt | verify (Postfix none | may | encrypt | secure); for direct delivery without credentials ' +
          'also dane (DNSSEC-validated TLSA records, RFC 7672; Postfix dane) and mta_sts (the domain\'s MTA-STS policy, RFC 8461). null = automatic: ' +
          'verify when the route authenticates, opportunistic otherwise. Credentials never travel without TLS, whatever the policy.',
        ...terraform(`How the session to ${nextHop} is protected (Postfix's \`smtp_tls_security_level\` in brackets): \`"none"\` never STARTTLS [none]; ` +
          '`"opportunistic"` STARTTLS when offered, certificate not checked, clear text otherwise [may]; `"encrypt"` STARTTLS required, certificate not checked ' +
          '[encrypt]; `"verify"` STARTTLS required, the certificate must chain to a system root or `tls_ca_pem` and name the smart host (or the MX host) ' +
          '[secure]. For direct MX delivery without credentials the recipient domain decides: `"dane"` the MX host\'s DNSSEC-validated TLSA records must match its ' +
          'certificate, opportunistic where it publishes none [dane, RFC 7672]; `"mta_sts"` the domain\'s MTA-STS policy: in `enforce` mode only its MX hosts, ' +
          'verified, in `testing` mode or without a policy opportunistic (RFC 8461). Omitted: `"verify"` when the route authenticates, `"opportunistic"` otherwise. ' +
          'A TLS problem defers the mail (4.7.4 / 4.7.5, "TLS level mismatch") until it expires.'),
      },
      tls_ca_pem: {
        type: ['string', 'null'], format: 'pem-certificates', default: null,
        description: 'PEM certificates trusted besides the system roots for verify and mta_sts (and for the OAuth2 token endpoint).',
        ...terraform('PEM certificates trusted besides the system roots when `tls_policy = "verify"` (a private CA, or a self-signed smart host certificate) or ' +
          '`"mta_sts"` (the policy host and the MX hosts); also trusted for the OAuth2 `token_url`.'),
      },
      tls_fingerprints_sha256: {
        type: 'array', uniqueItems: true, default: [], maxItems: 20,
        items: { type: 'string', pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$', ...terraform('', { rule: 'a SHA-256 fingerprint such as AA:BB:... (32 hex bytes)' }) },
        description: 'With verify: the certificate must also have one of these SHA-256 fingerprints (AA:BB:... hex).',
        ...terraform('With `tls_policy = "verify"`: the certificate must also have one of these SHA-256 fingerprints (`AA:BB:...`, 32 colon-separated hex bytes), ' +
          'e.g. to pin a smart host across CA changes.', { set: true, emptyAsNull: true }),
      },
      tls: {
        type: 'boolean', default: false, description: 'Legacy: true = at least tls_policy "encrypt". Use tls_policy.',
        ...terraform(`Legacy switch: \`true\` = at least \`tls_policy = "encrypt"\` towards ${nextHop}. Defaults to {default}. Use \`tls_policy\`.`,
          { deprecated: 'outbound_security.tls is the legacy switch: use tls_policy = "encrypt" (or "verify", which also checks the certificate).' }),
      },
      token_url: {
        type: ['string', 'null'], format: 'https-url', default: null, description: 'OAuth2 token endpoint (client-credentials grant, RFC 6749 4.4).',
        ...terraform('OAuth2 token endpoint (`https://`) for `authentication = "oauth2"`, e.g. `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`.'),
      },
      client_id: {
        type: ['string', 'null'], minLength: 1, maxLength: 1024, default: null, description: 'OAuth2 client (application) id.',
        ...terraform('OAuth2 client (application) id for `authentication = "oauth2"`.'),
      },
      client_secret_wo: {
        type: 'string', minLength: 1, maxLength: 4096, writeOnly: true, description: 'OAuth2 client secret; write-only, never returned.',
        ...terraform('OAuth2 client secret (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `client_secret_wo_version` changes; ' +
          'required on create with `oauth2` authentication.', { requiredOnCreate: { when: { member: 'authentication', in: ['oauth2'] } } }),
      },
      client_secret_wo_version: secretVersionSchema('Any whole number you change to make Terraform send `client_secret_wo` again (secret rotation).'),
      scope: {
        type: ['string', 'null'], minLength: 1, maxLength: 2048, default: null, description: 'OAuth2 scope, e.g. https://outlook.office365.com/.default.',
        ...terraform('OAuth2 scope for `authentication = "oauth2"`, e.g. `https://outlook.office365.com/.default` (Microsoft 365) or `https://mail.google.com/` (Google).'),
      },
    },
  };
}

/** The schema's defaults as a fresh object: anonymous, automatic TLS policy, no OAuth2 (for code that builds a route by hand). */
export function outboundSecurityDefaults(): OutboundSecurity {
  return applyDefaults(outboundSecuritySchema('the next hop'), {}) as unknown as OutboundSecurity;
}
