// JSON Schema of a remote domain: per-destination route, outbound security and relay permission.
import { outboundSecuritySchema } from './outbound-security-schema.ts';
import { idSchema, parentIdSchema, portSchema, terraform, type JsonSchema } from './json-schema.ts';

/** RemoteDomain (model.ts). */
export const remoteDomainSchema: JsonSchema = {
  title: 'RemoteDomain',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    id: idSchema('remote domain'),
    virtual_server_id: parentIdSchema('this remote domain belongs to', 'remote domain'),
    name: {
      type: 'string', format: 'remote-domain-name',
      ...terraform('The destination domain (`partner.example`) or `*.suffix` for every domain below suffix. Unique per virtual server (case-insensitive).'),
    },
    smart_host: {
      type: ['string', 'null'], format: 'host', default: null,
      ...terraform('Host name or IP address to deliver this domain\'s mail to instead of its MX hosts. Omitted: the virtual server\'s route.'),
    },
    smart_host_port: { ...portSchema, default: 25, ...terraform('TCP port of `smart_host`. Defaults to {default}.') },
    outbound_security: outboundSecuritySchema('this domain\'s next hop'),
    require_tls: {
      type: 'boolean', default: false,
      ...terraform('Legacy switch: `true` = at least `outbound_security.tls_policy = "encrypt"` for this domain. Defaults to {default}. Use `outbound_security.tls_policy`.',
        { deprecated: 'require_tls is the legacy switch: use outbound_security.tls_policy = "encrypt" (or "verify").' }),
    },
    allow_incoming_relay: {
      type: 'boolean', default: false,
      ...terraform('Let any client that may connect relay mail to this domain, even when it is not on the relay list. Defaults to {default}.'),
    },
  },
};
