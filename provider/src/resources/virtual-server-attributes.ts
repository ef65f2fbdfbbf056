// The attribute groups of a virtual server (limits, authentication, tls, ...) with the API's defaults and validation rules.
import { attribute, type Attribute } from '../framework/schema/attribute.ts';
import { distinctElements, greaterThan, sizeBetween } from '../framework/validators/collection-validators.ts';
import type { AttributeValidator } from '../framework/validators/validator.ts';
import { between, domainName, eachElement, emailAddress, hostName, ipAddress, oneOf, stringMatching } from '../framework/validators/value-validators.ts';
import { Types } from '../protocol/tf-type.ts';
import { outboundSecurityAttribute } from './outbound-security-attributes.ts';

const email = emailAddress();
const port = between(1, 65535, { integer: true });
const positive = greaterThan(0);
/** `0` (the API's null: no delay notices) or a number > 0. */
const zeroOrPositive: AttributeValidator = {
  description: 'value must be 0 (never) or a number greater than 0',
  validate: (value, context) => value === 0 ? [] : positive.validate(value, context).map((d) => ({ ...d, detail: `${d.detail} (or 0 for never)` })),
};
const count = (description: string, defaultValue: number, max: number): Attribute =>
  attribute.number({ description: `${description} Defaults to \`${defaultValue}\`.`, default: defaultValue, validators: [between(1, max, { integer: true })] });
const flag = (description: string, defaultValue: boolean): Attribute =>
  attribute.bool({ description: `${description} Defaults to \`${defaultValue}\`.`, default: defaultValue });

/** Every nested attribute's plan-time default: the API's defaults (POST/PUT with the group omitted). */
export const GROUP_DEFAULTS = {
  limits: { max_message_size_kb: 10240, max_recipients_per_message: 100, max_connections: 100, max_messages_per_connection: 20, connection_timeout_seconds: 600 },
  authentication: { anonymous: true, basic: false, basic_default_domain: null, integrated: false },
  tls: { certificate_id: null, require_tls: false, require_128_bit: false },
  connection_control: { mode: 'all_except_listed' },
  relay_control: { mode: 'only_listed', allow_authenticated: true },
  delivery: {
    smart_host: null, smart_host_port: 25,
    outbound_security: { authentication: 'anonymous', username: null, password_wo: null, password_wo_version: null, tls: false },
    retry_intervals_minutes: [15, 30, 60, 240], expiration_hours: 48, delay_notification_hours: 12,
  },
  ndr: { send_copy_to: null },
};

/** The nested attribute groups of smtp_virtual_server, keyed by their API names. */
export const virtualServerGroups: Record<keyof typeof GROUP_DEFAULTS, Attribute> = {
  limits: attribute.singleNested({
    max_message_size_kb: count('Largest message accepted, in KiB (SIZE).', 10240, 10_485_760),
    max_recipients_per_message: count('Most RCPT TO per message.', 100, 100_000),
    max_connections: count('Most simultaneous SMTP connections.', 100, 100_000),
    max_messages_per_connection: count('Most messages per SMTP connection.', 20, 100_000),
    connection_timeout_seconds: count('Idle time before the server closes a connection, in seconds.', 600, 86_400),
  }, { description: 'Size and connection limits.', default: GROUP_DEFAULTS.limits }),

  authentication: attribute.singleNested({
    anonymous: flag('Accept clients that do not authenticate.', true),
    basic: flag('Offer AUTH PLAIN/LOGIN with relay accounts (`DOMAIN\\name`).', false),
    basic_default_domain: attribute.string({
      description: 'Domain assumed when a basic-auth client sends a bare name. Unset: none.',
      optional: true,
      validators: [stringMatching(/^[^\\@\s:]+$/, 'a domain without "\\", "@", ":" or spaces', { min: 1 })],
    }),
    integrated: flag('Offer integrated authentication (AUTH XOAUTH2 with issued tokens).', false),
  }, { description: 'Which SMTP authentication methods the listener offers.', default: GROUP_DEFAULTS.authentication }),

  tls: attribute.singleNested({
    certificate_id: attribute.string({
      description: 'The `smtp_certificate` offered with STARTTLS. Unset: no STARTTLS.',
      optional: true,
      validators: [stringMatching(/\S/, 'a non-empty id', { min: 1 })],
    }),
    require_tls: flag('Refuse MAIL FROM until the client has started TLS.', false),
    require_128_bit: flag('Refuse TLS sessions with ciphers weaker than 128 bits.', false),
  }, { description: 'STARTTLS for incoming connections.', default: GROUP_DEFAULTS.tls }),

  connection_control: attribute.singleNested({
    mode: attribute.string({
      description: 'How `smtp_connection_rule`s apply: `"all_except_listed"` (default: listed clients are refused) or `"only_listed"`.',
      default: 'all_except_listed',
      validators: [oneOf('all_except_listed', 'only_listed')],
    }),
  }, { description: 'Who may connect.', default: GROUP_DEFAULTS.connection_control }),

  relay_control: attribute.singleNested({
    mode: attribute.string({
      description: 'How `smtp_relay_rule`s apply to non-local recipients: `"only_listed"` (default: only listed clients may relay) ' +
        'or `"all_except_listed"` (everyone but the listed clients may relay; with no rules that is an open relay).',
      default: 'only_listed',
      validators: [oneOf('only_listed', 'all_except_listed')],
    }),
    allow_authenticated: flag('Let authenticated clients relay whatever the rules say.', true),
  }, { description: 'Who may relay to domains other than `local_domains`.', default: GROUP_DEFAULTS.relay_control }),

  delivery: attribute.singleNested({
    smart_host: attribute.string({ description: 'Send all outgoing mail to this host (name or IP) instead of the recipients\' MX hosts. Unset: MX delivery.', optional: true, validators: [hostName()] }),
    smart_host_port: attribute.number({ description: 'TCP port of `smart_host`. Defaults to `25`.', default: 25, validators: [port] }),
    outbound_security: outboundSecurityAttribute('the smart host or MX hosts'),
    retry_intervals_minutes: attribute.list(Types.number, {
      description: 'Minutes between delivery attempts, 1 to 10 numbers > 0 (fractions allowed: 0.05 = 3 s); the last one repeats. Defaults to `[15, 30, 60, 240]`.',
      default: GROUP_DEFAULTS.delivery.retry_intervals_minutes,
      validators: [sizeBetween(1, 10), eachElement(positive)],
    }),
    expiration_hours: attribute.number({ description: 'Hours after which an undelivered message is returned to its sender (> 0, fractions allowed). Defaults to `48`.', default: 48, validators: [positive] }),
    delay_notification_hours: attribute.number({
      description: 'Hours after which the sender is told that delivery is delayed (> 0, fractions allowed). Defaults to `12`. ' +
        'Set `0` for no delay notifications (the API\'s `null`: Terraform cannot tell an explicit null from an omitted value).',
      default: 12,
      validators: [zeroOrPositive],
    }),
  }, { description: 'Outgoing delivery: next hop, its security, retries and notifications.', default: GROUP_DEFAULTS.delivery }),

  ndr: attribute.singleNested({
    send_copy_to: attribute.string({ description: 'Address that gets a copy of every non-delivery report. Unset: none.', optional: true, validators: [email] }),
  }, { description: 'Non-delivery reports.', default: GROUP_DEFAULTS.ndr }),
};

/** The top-level scalar attributes (besides `id`). */
export const virtualServerScalars: Record<string, Attribute> = {
  name: attribute.string({ description: 'A name for humans (1 to 200 characters).', required: true, validators: [stringMatching(/^[\s\S]+$/, '1 to 200 characters', { min: 1, max: 200 })] }),
  enabled: flag('Whether the listener accepts connections.', true),
  bind_address: attribute.string({ description: 'The IP address the listener binds to. Defaults to `"127.0.0.1"`.', default: '127.0.0.1', validators: [ipAddress()] }),
  port: attribute.number({ description: 'The TCP port the listener binds to (1-65535). `bind_address` + `port` must be unique across virtual servers.', required: true, validators: [port] }),
  fqdn: attribute.string({
    description: 'The host name the server announces in its greeting and EHLO. Unset: the relay fills in its host name (kept from then on).',
    optional: true, computed: true, useStateForUnknown: true, validators: [domainName()],
  }),
  local_domains: attribute.list(Types.string, {
    description: 'Domains delivered locally (to `drop_directory`) rather than relayed; recipients there need no relay permission. Defaults to `[]`.',
    default: [],
    validators: [eachElement(domainName({ idn: true })), distinctElements()],
  }),
  drop_directory: attribute.string({
    description: 'Directory that receives mail for `local_domains`. Unset: the relay uses `<data-dir>/drop/<id>` (kept from then on).',
    optional: true, computed: true, useStateForUnknown: true, validators: [stringMatching(/^[\s\S]+$/, 'a non-empty path', { min: 1 })],
  }),
};
