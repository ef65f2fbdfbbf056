// JSON Schema of outbound security towards a smart host or remote domain (shared by virtual servers and remote domains).
import { secretVersionSchema, type JsonSchema } from './json-schema.ts';

/** OutboundSecurity (model.ts): how the relay authenticates to the next hop and whether TLS is required. */
export const outboundSecuritySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    authentication: { type: 'string', enum: ['anonymous', 'basic', 'integrated'], default: 'anonymous' },
    username: { type: ['string', 'null'], minLength: 1, default: null },
    password_wo: { type: 'string', minLength: 1, writeOnly: true, description: 'Write-only; never returned.' },
    password_wo_version: secretVersionSchema,
    tls: { type: 'boolean', default: false, description: 'Fail delivery unless STARTTLS succeeds.' },
  },
};
