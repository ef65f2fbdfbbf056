// smtp_remote_domain: per-destination delivery settings of a virtual server (route, outbound AUTH/TLS, relay permission).
import type { ApiClient } from '../client/api-client.ts';
import type { Resource } from '../framework/resource.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { RemoteDomain } from '@relayform/schema/model.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { outboundSecurityBody, outboundSecurityRules, unverifiedCredentialsWarning, type OutboundSecurity } from './outbound-security-attributes.ts';
import { apiValue, terraformValue } from '@relayform/schema/terraform-form.ts';
import { attributesOf } from './schema-attributes.ts';
import { CHILD_IMPORT_ID, childPaths, lastEtag, childImportIds, remember, type ChildIds } from './virtual-server-child.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export type SmtpRemoteDomain = ChildIds & Omit<RemoteDomain, 'id' | 'virtual_server_id' | 'outbound_security'> & { outbound_security: OutboundSecurity | null };

const paths = childPaths('remote-domains');
const outboundSecurity = remoteDomainSchema.properties!.outbound_security;

/** The state form of an API object read into `written` (the plan or prior state: an omitted outbound_security stays null). */
const fromApi = (body: Partial<RemoteDomain>, written: SmtpRemoteDomain): SmtpRemoteDomain =>
  terraformValue(remoteDomainSchema, applyDefaults(remoteDomainSchema, body), written as never) as unknown as SmtpRemoteDomain;

/** The full object for POST/PUT; the password only on create or when its version changes (`prior` null = create). */
function bodyOf(plan: SmtpRemoteDomain, prior: SmtpRemoteDomain | null) {
  const { name, smart_host, smart_host_port, require_tls, allow_incoming_relay } = plan;
  return { name, smart_host, smart_host_port, require_tls, allow_incoming_relay, outbound_security: outboundSecurityBody(plan.outbound_security, prior?.outbound_security ?? null) };
}

export const smtpRemoteDomain: Resource<SmtpRemoteDomain, ApiClient> = {
  typeName: 'smtp_remote_domain',
  schema: {
    description: 'Delivery settings for mail to one destination domain (or every subdomain of `*.suffix`) of a virtual server: ' +
      'its own smart host, outbound authentication and TLS, and whether clients may relay to it without being on the relay list. ' +
      'An exact name wins over a `*.suffix`, the longest suffix over shorter ones. ' +
      `Import with an id of the form \`${CHILD_IMPORT_ID}\` or the bare \`<id>\` (ids are unique across virtual servers).`,
    validators: [outboundSecurityRules(remoteDomainSchema)],
    attributes: attributesOf(remoteDomainSchema, { rules: { outbound_security: [unverifiedCredentialsWarning] } }),
    version: 1,
  },
  stateUpgraders: {
    // Version 0 planned `outbound_security` from its defaults (computed); since 1 it holds write-only members and is not
    // computed: omitted means null. At its defaults it is what version 0 stored for an omitted one, so it becomes null.
    0: (prior) => ({ ...prior, outbound_security: terraformValue(outboundSecurity, apiValue(outboundSecurity, prior.outbound_security), null) }),
  },

  async create(plan, context) {
    const created = await context.client.create<RemoteDomain>(paths.collection(plan.virtual_server_id), bodyOf(plan, null), {
      what: 'creating smtp_remote_domain', adopt: { typeName: 'smtp_remote_domain', importId: (id) => `${plan.virtual_server_id}/${id}` },
    });
    return fromApi(remember(context, created), plan);
  },

  async read(state, context) {
    const found = await context.client.get<RemoteDomain>(paths.item(state), { what: `reading smtp_remote_domain ${state.id}` });
    return found ? fromApi(remember(context, found), state) : null;
  },

  async update(plan, prior, context) {
    const updated = await context.client.replace<RemoteDomain>(paths.item(prior), bodyOf(plan, prior), { what: `updating smtp_remote_domain ${prior.id}`, etag: lastEtag(context) });
    return fromApi(remember(context, updated), plan);
  },

  async delete(state, context) {
    await context.client.remove(paths.item(state), { what: `deleting smtp_remote_domain ${state.id}`, etag: lastEtag(context) });
  },

  async importState(importId, context) {
    const ids = await childImportIds('smtp_remote_domain', 'remote-domains', importId, context.client);
    // Nothing written yet, as on a default import: objects the relay holds at their defaults read as omitted.
    const nothing = Object.fromEntries(Object.keys(remoteDomainSchema.properties!).map((name) => [name, null])) as unknown as SmtpRemoteDomain;
    return smtpRemoteDomain.read({ ...nothing, ...ids }, context);
  },
};
