// JSON Schema of a virtual server (one SMTP listener and its security settings); defaults per the API conventions.
import { outboundSecuritySchema } from './outbound-security-schema.ts';
import { idSchema, portSchema, terraform, type JsonSchema } from './json-schema.ts';

function count(defaultValue: number, maximum: number, description: string): JsonSchema {
  return { type: 'integer', minimum: 1, maximum, default: defaultValue, ...terraform(`${description} Defaults to {default}.`) };
}

function flag(defaultValue: boolean, description: string): JsonSchema {
  return { type: 'boolean', default: defaultValue, ...terraform(`${description} Defaults to {default}.`) };
}

/** An optional per-minute or per-address limit: null (the default) is no limit. */
function limit(maximum: number, description: string): JsonSchema {
  return { type: ['integer', 'null'], minimum: 1, maximum, default: null, ...terraform(`${description} At least {minimum}, at most {maximum}. Unset: no limit.`) };
}

/** The two per-minute limits of one key (client IP, account, sender domain), counted across every relay process and node. */
function ratePair(suffix: string, label: string, notes: { messages: string; recipients: string }): Record<string, JsonSchema> {
  return {
    [`messages_per_minute_per_${suffix}`]: limit(1_000_000, `Most messages (MAIL FROM commands) per minute per ${label}${notes.messages}; ` +
      'past it MAIL FROM gets `451 4.7.1` saying when to try again.'),
    [`recipients_per_minute_per_${suffix}`]: limit(10_000_000, `Most accepted recipients (RCPT TO) per minute per ${label}${notes.recipients}; ` +
      'past it RCPT TO gets `451 4.7.1` saying when to try again (a refused recipient is not counted).'),
  };
}

function section(description: string, properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', additionalProperties: false, default: {}, properties, ...terraform(description) };
}

/** VirtualServer (model.ts). `fqdn` and `drop_directory` are filled by the server when omitted; `listener_state` is reported on reads. */
export const virtualServerSchema: JsonSchema = {
  title: 'VirtualServer',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'port'],
  properties: {
    id: idSchema('virtual server'),
    name: { type: 'string', minLength: 1, maxLength: 200, ...terraform('A name for humans ({minLength} to {maxLength} characters).') },
    enabled: flag(true, 'Whether the listener accepts connections.'),
    bind_address: { type: 'string', format: 'ip', default: '127.0.0.1', ...terraform('The IP address the listener binds to. Defaults to {default}.') },
    port: { ...portSchema, ...terraform('The TCP port the listener binds to ({minimum}-{maximum}). `bind_address` + `port` must be unique across virtual servers.') },
    fqdn: {
      type: 'string', format: 'domain-name', description: 'Default: the host name.',
      ...terraform('The host name the server announces in its greeting and EHLO. Unset: the relay fills in its host name (kept from then on).', { serverDefault: true }),
    },
    local_domains: {
      type: 'array', items: { type: 'string', format: 'mail-domain' }, uniqueItems: true, default: [],
      ...terraform('Domains delivered locally (to `drop_directory`) rather than relayed; recipients there need no relay permission. Defaults to {default}.'),
    },
    drop_directory: {
      type: 'string', format: 'drop-directory', description: 'Default: <data-dir>/drop/<id>.',
      ...terraform('Directory that receives mail for `local_domains`. Unset: the relay uses `<data-dir>/drop/<id>` (kept from then on).', { serverDefault: true }),
    },
    limits: section('Size and connection limits.', {
      max_message_size_kb: count(10240, 10_485_760, 'Largest message accepted, in KiB (SIZE).'),
      max_recipients_per_message: count(100, 100_000, 'Most RCPT TO per message.'),
      max_connections: count(100, 100_000, 'Most simultaneous SMTP connections.'),
      max_messages_per_connection: count(20, 100_000, 'Most messages per SMTP connection.'),
      connection_timeout_seconds: count(600, 86_400, 'Idle time before the server closes a connection, in seconds.'),
      // RFC 5321 6.3: a server that counts Received lines SHOULD use a large threshold, normally at least 100. IIS's 15
      // and Postfix's 50 refuse mail that legitimately crossed several organisations' gateways; 100 catches loops only.
      max_hop_count: count(100, 1_000, 'Most `Received:` header fields a message may arrive with (IIS "Maximum hop count", ' +
        'Postfix `hopcount_limit`); with more, DATA is refused with `554 5.4.6` (routing loop detected) and nothing is queued.'),
      max_connections_per_ip: limit(100_000, 'Most simultaneous SMTP connections from one client IP address (Postfix ' +
        '`smtpd_client_connection_count_limit`); the next one gets `421 4.7.0` at connect and is closed. Counted over all worker ' +
        'processes of a relay node; nodes sharing PostgreSQL count each on its own (a client may hold this many on every node).'),
    }),
    rate_limits: section('Per-minute rate limits, like Postfix\'s anvil (`smtpd_client_message_rate_limit`, ' +
      '`smtpd_client_recipient_rate_limit`), per client IP, authenticated account and envelope sender domain. Counted in fixed one-minute ' +
      'windows shared by every worker process and every node on the same store; all unset (the default) costs nothing per message.', {
      ...ratePair('client_ip', 'client IP address', { messages: ' (Postfix `smtpd_client_message_rate_limit`)', recipients: ' (Postfix `smtpd_client_recipient_rate_limit`)' }),
      ...ratePair('account', 'authenticated account', { messages: ' (anonymous sessions are not counted here)', recipients: '' }),
      ...ratePair('sender_domain', 'envelope sender domain', { messages: ' (the null sender is not counted here)', recipients: '' }),
    }),
    authentication: section('Which SMTP authentication methods the listener offers.', {
      anonymous: flag(true, 'Accept clients that do not authenticate.'),
      basic: flag(false, 'Offer AUTH PLAIN/LOGIN with relay accounts (`DOMAIN\\name`).'),
      basic_default_domain: {
        type: ['string', 'null'], pattern: '^[^\\\\@\\s:]+$', default: null,
        ...terraform('Domain assumed when a basic-auth client sends a bare name. Unset: none.', { rule: 'a domain without "\\", "@", ":" or spaces' }),
      },
      integrated: flag(false, 'Offer integrated authentication (AUTH CRAM-MD5 and XOAUTH2 with issued tokens; AUTH GSSAPI too when ' +
        '`kerberos_keytab_path` is set).'),
      kerberos_keytab_path: {
        type: ['string', 'null'], pattern: '^/[^\\u0000]*$', maxLength: 4096, default: null,
        ...terraform('Absolute path, on every relay node, of the keytab with the key of `kerberos_service_principal`: with ' +
          '`integrated = true` the listener offers AUTH GSSAPI (Kerberos V5, RFC 4752), and `alice@REALM` authenticates as the ' +
          'account `REALM\\alice`. The file is read at each AUTH, never through the API. Unset: no GSSAPI.', { rule: 'an absolute path' }),
      },
      kerberos_service_principal: {
        type: ['string', 'null'], pattern: '^[^/@\\s]+/[^/@\\s]+(@[^/@\\s]+)?$', default: null,
        ...terraform('The Kerberos service principal (`smtp/relay.example.com` or `smtp/relay.example.com@REALM`) whose tickets ' +
          'the listener accepts. Unset: `smtp/<fqdn>`.', { rule: 'service/host with an optional @REALM' }),
      },
    }),
    tls: section('STARTTLS for incoming connections.', {
      certificate_id: { type: ['string', 'null'], minLength: 1, default: null, ...terraform('The `smtp_certificate` offered with STARTTLS. Unset: no STARTTLS.') },
      require_tls: flag(false, 'Refuse MAIL FROM until the client has started TLS.'),
      require_128_bit: flag(false, 'Refuse TLS sessions with ciphers weaker than 128 bits.'),
    }),
    connection_control: section('Who may connect.', {
      mode: {
        type: 'string', enum: ['all_except_listed', 'only_listed'], default: 'all_except_listed',
        ...terraform('How `smtp_connection_rule`s apply: `"all_except_listed"` (default: listed clients are refused) or `"only_listed"`.'),
      },
    }),
    relay_control: section('Who may relay to domains other than `local_domains`.', {
      mode: {
        type: 'string', enum: ['only_listed', 'all_except_listed'], default: 'only_listed',
        ...terraform('How `smtp_relay_rule`s apply to non-local recipients: `"only_listed"` (default: only listed clients may relay) ' +
          'or `"all_except_listed"` (everyone but the listed clients may relay; with no rules that is an open relay).'),
      },
      allow_authenticated: flag(true, 'Let authenticated clients relay whatever the rules say.'),
    }),
    delivery: section('Outgoing delivery: next hop, its security, retries and notifications.', {
      smart_host: {
        type: ['string', 'null'], format: 'host', default: null,
        ...terraform('Send all outgoing mail to this host (name or IP) instead of the recipients\' MX hosts. Unset: MX delivery.'),
      },
      smart_host_port: { ...portSchema, default: 25, ...terraform('TCP port of `smart_host`. Defaults to {default}.') },
      masquerade_domain: {
        type: ['string', 'null'], format: 'domain-name', default: null,
        ...terraform('Domain that replaces the envelope sender\'s domain (MAIL FROM) of mail relayed to other hosts (IIS "Masquerade domain"); ' +
          'the `From:` header, local delivery and bounces (empty sender) are left as they are. Unset: the sender is sent unchanged.'),
      },
      outbound_security: outboundSecuritySchema('the smart host or MX hosts'),
      retry_intervals_minutes: {
        type: 'array',
        items: { type: 'number', exclusiveMinimum: 0 },
        minItems: 1,
        maxItems: 10,
        default: [15, 30, 60, 240],
        description: 'Minutes between attempts; the last interval repeats. Fractions allowed (0.05 = 3 s).',
        ...terraform('Minutes between delivery attempts, {minItems} to {maxItems} numbers > 0 (fractions allowed: 0.05 = 3 s); the last one repeats. Defaults to {default}.'),
      },
      expiration_hours: {
        type: 'number', exclusiveMinimum: 0, default: 48,
        ...terraform('Hours after which an undelivered message is returned to its sender (> 0, fractions allowed). Defaults to {default}.'),
      },
      delay_notification_hours: {
        type: ['number', 'null'], exclusiveMinimum: 0, default: 12,
        ...terraform('Hours after which the sender is told that delivery is delayed (> 0, fractions allowed). Defaults to {default}. ' +
          'Set `0` for no delay notifications (the API\'s `null`: Terraform cannot tell an explicit null from an omitted value).', { nullAs: { value: 0, means: 'never' } }),
      },
    }),
    ndr: section('Non-delivery reports.', {
      send_copy_to: { type: ['string', 'null'], format: 'email-address', default: null, ...terraform('Address that gets a copy of every non-delivery report. Unset: none.') },
    }),
    dead_letter: section('The dead-letter store (IIS "Badmail directory"): accepted mail that can be neither delivered nor returned ' +
      '(a report to the null sender that fails, a damaged queue entry) is kept there, listed at `/v1/dead-letters`, instead of being dropped.', {
      retention_hours: {
        type: 'number', exclusiveMinimum: 0, maximum: 8760, default: 168,
        ...terraform('Hours a dead letter is kept before it is deleted (> 0, at most {maximum}, fractions allowed; 168 is a week). Defaults to {default}.'),
      },
      send_notice_to: {
        type: ['string', 'null'], format: 'email-address', default: null,
        ...terraform('Address that gets a notice (sent with the null sender) about every dead letter (IIS `SendBadTo`); ' +
          'a notice that cannot be delivered is dropped, never dead-lettered itself. Unset: none.'),
      },
    }),
    listener_state: {
      type: 'string', enum: ['disabled', 'starting', 'listening', 'failed'], readOnly: true,
      description: 'Reported, not stored: the listener on the node that answers (GET /v1/virtual-servers/{id}/status has each process, the error and since when).',
      ...terraform('The SMTP listener on the relay node that answered: `"listening"`, `"starting"`, `"failed"` (the port or address ' +
        'could not be bound, or the certificate could not be loaded; the relay retries with back-off) or `"disabled"`. ' +
        'Create and update wait for `"listening"` (see `timeouts`); a refresh shows a listener that failed since.', { reported: true }),
    },
  },
};
