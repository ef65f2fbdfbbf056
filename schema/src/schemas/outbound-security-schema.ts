// JSON Schema of outbound security towards a smart host or remote domain (shared by virtual servers and remote domains).
import { applyDefaults } from '../apply-defaults.ts';
import type { OutboundSecurity } from '../model.ts';
import { secretVersionSchema, type JsonSchema } from './json-schema.ts';

/** OutboundSecurity (model.ts): how the relay authenticates to the next hop and how it protects the session. */
export const outboundSecuritySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    authentication: {
      type: 'string', enum: ['anonymous', 'basic', 'integrated', 'oauth2'], default: 'anonymous',
      description: 'anonymous = no AUTH; basic = AUTH PLAIN/LOGIN; integrated = CRAM-MD5; oauth2 = XOAUTH2/OAUTHBEARER with a client-credentials token.',
    },
    username: { type: ['string', 'null'], minLength: 1, default: null, description: 'AUTH identity; for oauth2 the mailbox the token acts for.' },
    password_wo: { type: 'string', minLength: 1, writeOnly: true, description: 'Write-only; never returned.' },
    password_wo_version: secretVersionSchema,
    tls_policy: {
      type: ['string', 'null'], enum: ['none', 'opportunistic', 'encrypt', 'verify', 'dane', 'mta_sts', null], default: null,
      description: 'none | opportunistic | encrypt | verify (Postfix none | may | encrypt | secure); for direct delivery without credentials ' +
        'also dane (DNSSEC-validated TLSA records, RFC 7672; Postfix dane) and mta_sts (the domain\'s MTA-STS policy, RFC 8461). null = automatic: ' +
        'verify when the route authenticates, opportunistic otherwise. Credentials never travel without TLS, whatever the policy.',
    },
    tls_ca_pem: {
      type: ['string', 'null'], minLength: 1, default: null,
      description: 'PEM certificates trusted besides the system roots for verify and mta_sts (and for the OAuth2 token endpoint).',
    },
    tls_fingerprints_sha256: {
      type: 'array', uniqueItems: true, default: [], maxItems: 20,
      items: { type: 'string', pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$' },
      description: 'With verify: the certificate must also have one of these SHA-256 fingerprints (AA:BB:... hex).',
    },
    tls: { type: 'boolean', default: false, description: 'Legacy: true = at least tls_policy "encrypt". Use tls_policy.' },
    token_url: { type: ['string', 'null'], format: 'https-url', default: null, description: 'OAuth2 token endpoint (client-credentials grant, RFC 6749 4.4).' },
    client_id: { type: ['string', 'null'], minLength: 1, maxLength: 1024, default: null, description: 'OAuth2 client (application) id.' },
    client_secret_wo: { type: 'string', minLength: 1, maxLength: 4096, writeOnly: true, description: 'OAuth2 client secret; write-only, never returned.' },
    client_secret_wo_version: secretVersionSchema,
    scope: { type: ['string', 'null'], minLength: 1, maxLength: 2048, default: null, description: 'OAuth2 scope, e.g. https://outlook.office365.com/.default.' },
  },
};

/** The schema's defaults as a fresh object: anonymous, automatic TLS policy, no OAuth2 (for code that builds a route by hand). */
export function outboundSecurityDefaults(): OutboundSecurity {
  return applyDefaults(outboundSecuritySchema, {}) as unknown as OutboundSecurity;
}
