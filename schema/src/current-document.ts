// Brings a stored document up to the current schema: members added since it was written get their defaults.
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { connectionRuleSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { directorySchema } from '@relayform/schema/schemas/directory-schema.ts';
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';

/** The schema of every stored kind of object, by the store's kind name. */
const schemas: Record<string, JsonSchema> = {
  virtual_server: virtualServerSchema, account: accountSchema, operator: operatorSchema, certificate: certificateSchema,
  connection_rule: connectionRuleSchema, relay_rule: relayRuleSchema, remote_domain: remoteDomainSchema,
  directory: directorySchema,
};

/**
 * `doc` as the current schema describes it. Both stores call it on every object they read, so a document
 * written by an earlier version (before `outbound_security.tls_policy`, say) reads, validates and delivers
 * exactly like one written now, with the documented default for what it lacks; it is rewritten on its next write.
 */
export function currentDocument(kind: string, doc: Record<string, unknown>): Record<string, unknown> {
  const schema = schemas[kind];
  return schema ? applyDefaults(schema, doc) : doc;
}
