// The resource behaviour shared by smtp_connection_rule and smtp_relay_rule: one address match under a virtual server.
import type { ApiClient } from '../client/api-client.ts';
import type { Resource } from '../framework/resource.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { addressMatchFrom, addressMatchValidators, type AddressMatch } from './address-match-attributes.ts';
import { attributesOf } from './schema-attributes.ts';
import { CHILD_IMPORT_ID, childPaths, lastEtag, childImportIds, remember, type ChildCollection, type ChildIds } from './virtual-server-child.ts';

/** The Terraform model of either rule type: attribute names as in HCL and the API. */
export interface AddressRule extends ChildIds, AddressMatch {}

/** What distinguishes the two rule types. */
export interface AddressRuleType {
  typeName: 'smtp_connection_rule' | 'smtp_relay_rule';
  collection: Extract<ChildCollection, 'connection-rules' | 'relay-rules'>;
  /** Markdown description of the resource, without the import note. */
  description: string;
  /** The model's schema of the rule (connection or relay rule). */
  schema: JsonSchema;
}

const fromApi = (body: AddressRule): AddressRule => ({ id: body.id, virtual_server_id: body.virtual_server_id, ...addressMatchFrom(body) });

/** Everything the API takes on POST and PUT (the full object: PUT replaces, so unset forms are sent as null). */
const bodyOf = ({ ip_address, subnet_mask, cidr, domain, description }: AddressRule): AddressMatch => ({ ip_address, subnet_mask, cidr, domain, description });

/**
 * A rule resource: virtual_server_id forces replacement; the match form and description are updated in
 * place (the API's PUT accepts them). Import id `<virtual_server_id>/<id>`.
 */
export function addressRuleResource(type: AddressRuleType): Resource<AddressRule, ApiClient> {
  const paths = childPaths(type.collection);
  const kind = type.typeName === 'smtp_relay_rule' ? 'relay_rule' : 'connection_rule';
  const resource: Resource<AddressRule, ApiClient> = {
    typeName: type.typeName,
    schema: {
      description: `${type.description} Set exactly one of \`ip_address\`, \`ip_address\` + \`subnet_mask\`, \`cidr\` or \`domain\`. ` +
        `Import with an id of the form \`${CHILD_IMPORT_ID}\` or the bare \`<id>\` (ids are unique across virtual servers).`,
      attributes: attributesOf(type.schema),
      validators: addressMatchValidators(type.schema, kind),
    },

    async create(plan, context) {
      const created = await context.client.create<AddressRule>(paths.collection(plan.virtual_server_id), bodyOf(plan), { what: `creating ${type.typeName}` });
      return fromApi(remember(context, created));
    },

    async read(state, context) {
      const found = await context.client.get<AddressRule>(paths.item(state), { what: `reading ${type.typeName} ${state.id}` });
      return found ? fromApi(remember(context, found)) : null;
    },

    async update(plan, prior, context) {
      const updated = await context.client.replace<AddressRule>(paths.item(prior), bodyOf(plan), { what: `updating ${type.typeName} ${prior.id}`, etag: lastEtag(context) });
      return fromApi(remember(context, updated));
    },

    async delete(state, context) {
      await context.client.remove(paths.item(state), { what: `deleting ${type.typeName} ${state.id}`, etag: lastEtag(context) });
    },

    async importState(importId, context) {
      return resource.read({ ...await childImportIds(type.typeName, type.collection, importId, context.client), ...addressMatchFrom({}) }, context);
    },
  };
  return resource;
}
