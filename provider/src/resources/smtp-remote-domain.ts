// smtp_remote_domain: per-destination delivery settings of a virtual server (route, outbound AUTH/TLS, relay permission).
import type { ApiClient } from '../client/api-client.ts';
import type { Resource } from '../framework/resource.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { invalidValue, type ObjectValidator } from '../framework/validators/validator.ts';
import { between, domainName, hostName, stringMatching } from '../framework/validators/value-validators.ts';
import { isObjectValue } from '../protocol/value.ts';
import { outboundSecurityAttribute, outboundSecurityBody, outboundSecurityFrom, type OutboundSecurity } from './outbound-security-attributes.ts';
import { CHILD_IMPORT_ID, childPaths, lastEtag, parseChildImportId, remember, type ChildIds } from './virtual-server-child.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export interface SmtpRemoteDomain extends ChildIds {
  name: string;
  smart_host: string | null;
  smart_host_port: number;
  outbound_security: OutboundSecurity;
  require_tls: boolean;
  allow_incoming_relay: boolean;
}

const paths = childPaths('remote-domains');

/** The API's rule: the legacy require_tls cannot stand next to an explicit policy weaker than encrypt. */
const requireTlsAgainstPolicy: ObjectValidator = {
  description: 'require_tls conflicts with a tls_policy weaker than "encrypt"',
  validate(object) {
    const security = object.outbound_security;
    const policy = isObjectValue(security) ? security.tls_policy : null;
    if (object.require_tls !== true || (policy !== 'none' && policy !== 'opportunistic')) return [];
    return [invalidValue([{ attribute: 'require_tls' }], `require_tls = true conflicts with outbound_security.tls_policy "${policy}": remove require_tls and keep tls_policy`)];
  },
};

const fromApi = (body: SmtpRemoteDomain): SmtpRemoteDomain => ({
  id: body.id,
  virtual_server_id: body.virtual_server_id,
  name: body.name,
  smart_host: body.smart_host ?? null,
  smart_host_port: body.smart_host_port,
  outbound_security: outboundSecurityFrom(body.outbound_security),
  require_tls: body.require_tls,
  allow_incoming_relay: body.allow_incoming_relay,
});

/** The full object for POST/PUT; the password only on create or when its version changes (`prior` null = create). */
function bodyOf(plan: SmtpRemoteDomain, prior: SmtpRemoteDomain | null) {
  const { name, smart_host, smart_host_port, require_tls, allow_incoming_relay } = plan;
  return { name, smart_host, smart_host_port, require_tls, allow_incoming_relay, outbound_security: outboundSecurityBody(plan.outbound_security, prior?.outbound_security ?? null, [{ attribute: 'outbound_security' }]) };
}

export const smtpRemoteDomain: Resource<SmtpRemoteDomain, ApiClient> = {
  typeName: 'smtp_remote_domain',
  schema: {
    description: 'Delivery settings for mail to one destination domain (or every subdomain of `*.suffix`) of a virtual server: ' +
      'its own smart host, outbound authentication and TLS, and whether clients may relay to it without being on the relay list. ' +
      'An exact name wins over a `*.suffix`, the longest suffix over shorter ones. ' +
      `Import with an id of the form \`${CHILD_IMPORT_ID}\`.`,
    validators: [requireTlsAgainstPolicy],
    attributes: {
      id: attribute.string({ description: 'The remote domain id assigned by the relay.', computed: true, useStateForUnknown: true }),
      virtual_server_id: attribute.string({
        description: 'The virtual server this remote domain belongs to. Changing it replaces the remote domain.',
        required: true,
        requiresReplace: true,
        validators: [stringMatching(/\S/, 'a non-empty id', { min: 1 })],
      }),
      name: attribute.string({
        description: 'The destination domain (`partner.example`) or `*.suffix` for every domain below suffix. Unique per virtual server (case-insensitive).',
        required: true,
        validators: [domainName({ wildcard: true, idn: true })],
      }),
      smart_host: attribute.string({
        description: 'Host name or IP address to deliver this domain\'s mail to instead of its MX hosts. Omitted: the virtual server\'s route.',
        optional: true,
        validators: [hostName()],
      }),
      smart_host_port: attribute.number({ description: 'TCP port of `smart_host`. Defaults to `25`.', default: 25, validators: [between(1, 65535, { integer: true })] }),
      outbound_security: outboundSecurityAttribute('this domain\'s next hop'),
      require_tls: attribute.bool({
        description: 'Legacy switch: `true` = at least `outbound_security.tls_policy = "encrypt"` for this domain. Defaults to `false`. Use `outbound_security.tls_policy`.',
        default: false,
        deprecated: 'require_tls is the legacy switch: use outbound_security.tls_policy = "encrypt" (or "verify").',
      }),
      allow_incoming_relay: attribute.bool({
        description: 'Let any client that may connect relay mail to this domain, even when it is not on the relay list. Defaults to `false`.',
        default: false,
      }),
    },
  },

  async create(plan, context) {
    const created = await context.client.create<SmtpRemoteDomain>(paths.collection(plan.virtual_server_id), bodyOf(plan, null), { what: 'creating smtp_remote_domain' });
    return fromApi(remember(context, created));
  },

  async read(state, context) {
    const found = await context.client.get<SmtpRemoteDomain>(paths.item(state), { what: `reading smtp_remote_domain ${state.id}` });
    return found ? fromApi(remember(context, found)) : null;
  },

  async update(plan, prior, context) {
    const updated = await context.client.replace<SmtpRemoteDomain>(paths.item(prior), bodyOf(plan, prior), { what: `updating smtp_remote_domain ${prior.id}`, etag: lastEtag(context) });
    return fromApi(remember(context, updated));
  },

  async delete(state, context) {
    await context.client.remove(paths.item(state), { what: `deleting smtp_remote_domain ${state.id}`, etag: lastEtag(context) });
  },

  async importState(importId, context) {
    const ids = parseChildImportId('smtp_remote_domain', importId);
    return smtpRemoteDomain.read({ ...ids, name: '', smart_host: null, smart_host_port: 25, outbound_security: outboundSecurityFrom(undefined), require_tls: false, allow_incoming_relay: false }, context);
  },
};
