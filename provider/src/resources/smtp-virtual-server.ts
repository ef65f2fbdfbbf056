// smtp_virtual_server: one SMTP listener of the relay with its limits, authentication, TLS, access control, delivery and NDR settings.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { path } from '../protocol/attribute-path.ts';
import { outboundSecurityBody, outboundSecurityFrom, type OutboundSecurity } from './outbound-security-attributes.ts';
import { GROUP_DEFAULTS, virtualServerGroups, virtualServerScalars } from './virtual-server-attributes.ts';

type Groups = typeof GROUP_DEFAULTS;
/** A defaults object's type with its null members widened to the nullable strings they hold. */
type Widen<T> = { [K in keyof T]: T[K] extends null ? string | null : T[K] };

/** The Terraform model: attribute names as in HCL and the API (`delivery.delay_notification_hours` 0 = the API's null). */
export interface SmtpVirtualServer {
  id: string | null;
  name: string;
  enabled: boolean;
  bind_address: string;
  port: number;
  fqdn: string | null;
  local_domains: string[];
  drop_directory: string | null;
  limits: Groups['limits'];
  authentication: Widen<Groups['authentication']>;
  tls: Widen<Groups['tls']>;
  connection_control: Widen<Groups['connection_control']>;
  relay_control: Widen<Groups['relay_control']>;
  delivery: Omit<Widen<Groups['delivery']>, 'outbound_security'> & { outbound_security: OutboundSecurity };
  ndr: Widen<Groups['ndr']>;
}

/** What the API returns: the same fields (never `password_wo`); `delay_notification_hours` may be null. */
type VirtualServerBody = SmtpVirtualServer & { delivery: { delay_notification_hours: number | null } };

const COLLECTION = '/v1/virtual-servers';
const item = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** The state form of an API object: only schema fields, the secret blanked, null delay notices as 0. */
export function virtualServerFrom(body: VirtualServerBody): SmtpVirtualServer {
  const { id, name, enabled, bind_address, port, fqdn, local_domains, drop_directory, limits, authentication, tls, connection_control, relay_control, delivery, ndr } = body;
  return {
    id, name, enabled, bind_address, port, fqdn, local_domains, drop_directory, limits, authentication, tls, connection_control, relay_control, ndr,
    delivery: { ...delivery, outbound_security: outboundSecurityFrom(delivery.outbound_security), delay_notification_hours: delivery.delay_notification_hours ?? 0 },
  };
}

/** The full API document for `plan` (PUT replaces everything); server-filled fields omitted while unknown. */
function bodyOf(plan: SmtpVirtualServer, prior: SmtpVirtualServer | null): object {
  const { id: _id, fqdn, drop_directory, delivery, ...rest } = plan;
  return {
    ...rest,
    ...(fqdn === null ? {} : { fqdn }),
    ...(drop_directory === null ? {} : { drop_directory }),
    delivery: {
      ...delivery,
      delay_notification_hours: delivery.delay_notification_hours === 0 ? null : delivery.delay_notification_hours,
      outbound_security: outboundSecurityBody(delivery.outbound_security, prior?.delivery.outbound_security ?? null, path('delivery', 'outbound_security')),
    },
  };
}

function remember(context: ResourceContext<ApiClient>, response: Versioned<VirtualServerBody>): SmtpVirtualServer {
  context.private.set('etag', response.etag);
  return virtualServerFrom(response.body);
}

const etag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;

export const smtpVirtualServer: Resource<SmtpVirtualServer, ApiClient> = {
  typeName: 'smtp_virtual_server',
  schema: {
    description: 'A virtual server: one SMTP listener of the relay and its settings. Every attribute group defaults, at plan time, ' +
      'to the API\'s defaults, so the plan shows the full configuration. Nothing forces replacement: the relay applies every ' +
      'change to the running listener (a new `bind_address` or `port` re-binds it live). Deleting it also deletes its operators, ' +
      'connection and relay rules and remote domains. Import by id.',
    attributes: {
      id: attribute.string({ description: 'The virtual server id assigned by the relay.', computed: true, useStateForUnknown: true }),
      ...virtualServerScalars,
      ...virtualServerGroups,
    },
  },

  async create(plan, context) {
    return remember(context, await context.client.create<VirtualServerBody>(COLLECTION, bodyOf(plan, null), { what: 'creating smtp_virtual_server' }));
  },

  async read(state, context) {
    const found = await context.client.get<VirtualServerBody>(item(state.id!), { what: `reading smtp_virtual_server ${state.id}` });
    return found ? remember(context, found) : null;
  },

  async update(plan, prior, context) {
    const body = bodyOf(plan, prior);
    return remember(context, await context.client.replace<VirtualServerBody>(item(prior.id!), body, { what: `updating smtp_virtual_server ${prior.id}`, etag: etag(context) }));
  },

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_virtual_server ${state.id}`, etag: etag(context) });
  },
};
