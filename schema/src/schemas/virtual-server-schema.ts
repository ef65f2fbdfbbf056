// JSON Schema of a virtual server (one SMTP listener and its security settings); defaults per the API conventions.
import { outboundSecuritySchema } from './outbound-security-schema.ts';
import { idSchema, portSchema, type JsonSchema } from './json-schema.ts';

function count(defaultValue: number, maximum = 1_000_000): JsonSchema {
  return { type: 'integer', minimum: 1, maximum, default: defaultValue };
}

function section(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', additionalProperties: false, default: {}, properties };
}

/** VirtualServer (model.ts). `fqdn` and `drop_directory` are filled by the server when omitted. */
export const virtualServerSchema: JsonSchema = {
  title: 'VirtualServer',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'port'],
  properties: {
    id: idSchema,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    enabled: { type: 'boolean', default: true },
    bind_address: { type: 'string', format: 'ip', default: '127.0.0.1' },
    port: portSchema,
    fqdn: { type: 'string', format: 'domain-name', description: 'Default: the host name.' },
    local_domains: { type: 'array', items: { type: 'string', format: 'mail-domain' }, uniqueItems: true, default: [] },
    drop_directory: { type: 'string', minLength: 1, description: 'Default: <data-dir>/drop/<id>.' },
    limits: section({
      max_message_size_kb: count(10240, 10_485_760),
      max_recipients_per_message: count(100, 100_000),
      max_connections: count(100, 100_000),
      max_messages_per_connection: count(20, 100_000),
      connection_timeout_seconds: count(600, 86_400),
    }),
    authentication: section({
      anonymous: { type: 'boolean', default: true },
      basic: { type: 'boolean', default: false },
      basic_default_domain: { type: ['string', 'null'], pattern: '^[^\\\\@\\s:]+$', default: null },
      integrated: { type: 'boolean', default: false },
    }),
    tls: section({
      certificate_id: { type: ['string', 'null'], default: null },
      require_tls: { type: 'boolean', default: false },
      require_128_bit: { type: 'boolean', default: false },
    }),
    connection_control: section({
      mode: { type: 'string', enum: ['all_except_listed', 'only_listed'], default: 'all_except_listed' },
    }),
    relay_control: section({
      mode: { type: 'string', enum: ['only_listed', 'all_except_listed'], default: 'only_listed' },
      allow_authenticated: { type: 'boolean', default: true },
    }),
    delivery: section({
      smart_host: { type: ['string', 'null'], format: 'host', default: null },
      smart_host_port: { ...portSchema, default: 25 },
      outbound_security: outboundSecuritySchema,
      retry_intervals_minutes: {
        type: 'array',
        items: { type: 'number', exclusiveMinimum: 0 },
        minItems: 1,
        maxItems: 10,
        default: [15, 30, 60, 240],
        description: 'Minutes between attempts; the last interval repeats. Fractions allowed (0.05 = 3 s).',
      },
      expiration_hours: { type: 'number', exclusiveMinimum: 0, default: 48 },
      delay_notification_hours: { type: ['number', 'null'], exclusiveMinimum: 0, default: 12 },
    }),
    ndr: section({ send_copy_to: { type: ['string', 'null'], format: 'email-address', default: null } }),
  },
};
