// smtp_virtual_server: one SMTP listener of the relay with its limits, authentication, TLS, access control, delivery and NDR settings.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { timeoutMs, timeoutsAttribute, type Timeouts } from '../framework/timeouts.ts';
import { outboundSecurityBody, outboundSecurityRules, unverifiedCredentialsWarning, type OutboundSecurity } from './outbound-security-attributes.ts';
import { apiValue, terraformValue } from '@relayform/schema/terraform-form.ts';
import { waitForListener } from './listener-readiness.ts';
import { attributesOf } from './schema-attributes.ts';

/**
 * The Terraform model: the API's fields, server-filled ones null until known, `delivery.delay_notification_hours` 0 for
 * the API's null, the reported `listener_state`, and `timeouts` (Terraform's alone, never sent).
 */
export type SmtpVirtualServer = Omit<VirtualServer, 'id' | 'fqdn' | 'drop_directory' | 'delivery'> & {
  id: string | null;
  fqdn: string | null;
  drop_directory: string | null;
  listener_state: string | null;
  timeouts: Timeouts;
  delivery: (Omit<VirtualServer['delivery'], 'outbound_security' | 'delay_notification_hours'> & { outbound_security: OutboundSecurity | null; delay_notification_hours: number }) | null;
};

const COLLECTION = '/v1/virtual-servers';
const deliverySchema = virtualServerSchema.properties!.delivery;
const item = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/**
 * The state form of an API object: its members (absent ones at their defaults), secrets blanked, null delay notices as 0.
 * Read into `written` (the plan or prior state), `delivery` and its `outbound_security` stay null where the configuration
 * omitted them and the relay holds their defaults; without it (the data source) everything is shown.
 */
export function virtualServerFrom(body: Partial<VirtualServer>, written?: SmtpVirtualServer): SmtpVirtualServer {
  return terraformValue(virtualServerSchema, applyDefaults(virtualServerSchema, body), written as never) as unknown as SmtpVirtualServer;
}

/** The full API document for `plan` (PUT replaces everything); server-filled fields omitted while unknown, reported ones never sent. */
function bodyOf(plan: SmtpVirtualServer, prior: SmtpVirtualServer | null): object {
  const { id: _id, listener_state: _reported, fqdn, drop_directory, delivery, ...rest } = apiValue(virtualServerSchema, plan as never) as VirtualServer & { listener_state: unknown };
  return {
    ...rest,
    ...(fqdn === null ? {} : { fqdn }),
    ...(drop_directory === null ? {} : { drop_directory }),
    // An omitted delivery (null) is the API's defaults: the relay fills them in.
    delivery: {
      ...delivery,
      outbound_security: outboundSecurityBody(plan.delivery?.outbound_security ?? null, prior?.delivery?.outbound_security ?? null),
    },
  };
}

function remember(context: ResourceContext<ApiClient>, response: Versioned<VirtualServer>, written: SmtpVirtualServer): SmtpVirtualServer {
  context.private.set('etag', response.etag);
  return virtualServerFrom(response.body, written);
}

const etag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;

/** How long create and update wait for the listener unless `timeouts` says otherwise. */
const defaultWait = '30s';

/**
 * The object written by create or update once its listener is bound on the node that answered (a disabled server
 * does not wait). A listener that fails or does not start in time is an error diagnostic carrying the object as it is
 * (`partialState`): the object exists, so a failed create is saved as tainted (the next apply replaces it, as a
 * framework provider's create that returns state with an error) and a failed update keeps the written values.
 */
async function settled(written: SmtpVirtualServer, plan: SmtpVirtualServer, context: ResourceContext<ApiClient>, operation: 'create' | 'update'): Promise<SmtpVirtualServer> {
  const state = { ...written, timeouts: plan.timeouts };
  if (!written.enabled) return state;
  const { listenerState, diagnostics } = await waitForListener(context.client, written.id!, timeoutMs(plan.timeouts, operation, defaultWait), `${operation}d`);
  const settledState = { ...state, listener_state: listenerState };
  if (diagnostics.length === 0) return settledState;
  const error = new DiagnosticsError(diagnostics);
  error.partialState = settledState;
  throw error;
}

export const smtpVirtualServer: Resource<SmtpVirtualServer, ApiClient> = {
  typeName: 'smtp_virtual_server',
  schema: {
    description: 'A virtual server: one SMTP listener of the relay and its settings. Every attribute group but `delivery` defaults, ' +
      'at plan time, to the API\'s defaults, so the plan shows them; `delivery` and its `outbound_security` hold write-only secrets, ' +
      'so Terraform shows them only as written (omitted: null, and the relay applies its defaults). Nothing forces replacement: the relay applies every ' +
      'change to the running listener (a new `bind_address` or `port` re-binds it live). Create and update wait until the listener ' +
      'is bound on the relay node that answered (up to `timeouts`) and fail naming `port` and the error (`EADDRINUSE`, `EACCES`) when it ' +
      'cannot be; a failed create leaves the object tainted, to be replaced by the next apply. Deleting it also deletes its operators, ' +
      'connection and relay rules and remote domains. Import by id.',
    attributes: {
      ...attributesOf(virtualServerSchema, {
        rules: { delivery: [outboundSecurityRules(deliverySchema)], 'delivery.outbound_security': [unverifiedCredentialsWarning] },
      }),
      timeouts: timeoutsAttribute({ create: defaultWait, update: defaultWait }),
    },
    version: 1,
  },
  stateUpgraders: {
    // Version 0 planned `delivery` and `delivery.outbound_security` from their defaults (computed, so every state has
    // them); since 1 they hold write-only members and are not computed: omitted means null. An object at its defaults is
    // what version 0 stored for an omitted one, so it becomes null (the API's value is the same either way).
    0: (prior) => ({ ...prior, delivery: terraformValue(deliverySchema, apiValue(deliverySchema, prior.delivery), null) }),
  },

  async create(plan, context) {
    const created = remember(context, await context.client.create<VirtualServer>(COLLECTION, bodyOf(plan, null), { what: 'creating smtp_virtual_server' }), plan);
    return settled(created, plan, context, 'create');
  },

  async read(state, context) {
    const found = await context.client.get<VirtualServer>(item(state.id!), { what: `reading smtp_virtual_server ${state.id}` });
    return found ? remember(context, found, state) : null;
  },

  async update(plan, prior, context) {
    const body = bodyOf(plan, prior);
    const updated = remember(context, await context.client.replace<VirtualServer>(item(prior.id!), body, { what: `updating smtp_virtual_server ${prior.id}`, etag: etag(context) }), plan);
    return settled(updated, plan, context, 'update');
  },

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_virtual_server ${state.id}`, etag: etag(context) });
  },
};
