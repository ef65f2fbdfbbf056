// The connection rule and relay rule resources: one address match each, exactly one match form.
import { addressMatchKey, addressMatchWarnings, checkAddressMatch } from '@relayform/schema/address-match-rules.ts';
import type { AddressMatch } from '@relayform/schema/model.ts';
import { connectionRuleSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

const common: Pick<ResourceDefinition, 'nested' | 'secrets' | 'access' | 'complete' | 'listKey'> = {
  nested: true,
  secrets: [],
  access: { read: 'server', create: 'server', update: 'server', delete: 'server' },
  complete: async (doc) => checkAddressMatch(doc as unknown as AddressMatch),
  // A server's list is replaced as a whole by its match: a rule whose match stays keeps its id (a new description updates it).
  listKey: (doc) => addressMatchKey(doc as unknown as AddressMatch),
};

/** /v1/virtual-servers/{id}/connection-rules: who may connect (with connection_control.mode). */
export const connectionRuleResource: ResourceDefinition = {
  ...common,
  kind: 'connection_rule',
  title: 'ConnectionRule',
  warnings: (doc) => addressMatchWarnings(doc as unknown as AddressMatch, 'connection_rule'),
  collectionPath: '/v1/virtual-servers/{virtual_server_id}/connection-rules',
  schema: connectionRuleSchema,
};

/** /v1/virtual-servers/{id}/relay-rules: who may relay (with relay_control.mode). */
export const relayRuleResource: ResourceDefinition = {
  ...common,
  kind: 'relay_rule',
  title: 'RelayRule',
  warnings: (doc) => addressMatchWarnings(doc as unknown as AddressMatch, 'relay_rule'),
  collectionPath: '/v1/virtual-servers/{virtual_server_id}/relay-rules',
  schema: relayRuleSchema,
};
