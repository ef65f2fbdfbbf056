// JSON Schema of a remote domain: per-destination route, outbound security and relay permission.
import { outboundSecuritySchema } from './outbound-security-schema.ts';
import { idSchema, parentIdSchema, portSchema, type JsonSchema } from './json-schema.ts';

/** RemoteDomain (model.ts). */
export const remoteDomainSchema: JsonSchema = {
  title: 'RemoteDomain',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    id: idSchema,
    virtual_server_id: parentIdSchema,
    name: { type: 'string', format: 'remote-domain-name' },
    smart_host: { type: ['string', 'null'], format: 'host', default: null },
    smart_host_port: { ...portSchema, default: 25 },
    outbound_security: outboundSecuritySchema,
    require_tls: { type: 'boolean', default: false },
    allow_incoming_relay: { type: 'boolean', default: false },
  },
};
