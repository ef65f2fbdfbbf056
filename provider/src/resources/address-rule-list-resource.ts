// The resource behaviour shared by smtp_connection_rules and smtp_relay_rules: a virtual server's whole list of one rule type as one object.
import { addressMatchKey, repeatedMatches } from '@relayform/schema/address-match-rules.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ApiError } from '../client/api-error.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { invalidValue, type AttributeValidator, type ObjectValidator } from '../framework/validators/validator.ts';
import { Unknown, type TfValue } from '../protocol/value.ts';
import { addressMatchFrom, addressMatchValidators, type AddressMatch, type AddressRuleKind } from './address-match-attributes.ts';
import { attributesOf } from './schema-attributes.ts';
import { childPaths } from './virtual-server-child.ts';

/** The Terraform model of either list: the server (also the id) and its rules. */
export interface AddressRuleList {
  id: string | null;
  virtual_server_id: string;
  rules: AddressMatch[] | null;
}

/** What distinguishes the two list types. */
export interface AddressRuleListType {
  typeName: 'smtp_connection_rules' | 'smtp_relay_rules';
  /** The resource of one rule of this list, which must not manage rules of a server this list manages. */
  single: 'smtp_connection_rule' | 'smtp_relay_rule';
  collection: 'connection-rules' | 'relay-rules';
  kind: AddressRuleKind;
  /** Markdown description of the resource, without the notes on import and on mixing. */
  description: string;
  /** The model's schema of the list (schema/ address-rule-schema.ts) and of one rule of it. */
  schema: JsonSchema;
  rule: JsonSchema;
}

const matchForms = ['ip_address', 'subnet_mask', 'cidr', 'domain'] as const;

/**
 * `rules` (the relay's list) in the order of `reference` (the plan or the prior state), each matched by what it matches;
 * the rules the reference does not hold after them, as the relay lists them. The order is Terraform's only.
 */
function inOrderOf(reference: AddressMatch[] | null, rules: AddressMatch[]): AddressMatch[] {
  const byKey = new Map<string, AddressMatch[]>();
  for (const rule of rules) byKey.set(addressMatchKey(rule), [...(byKey.get(addressMatchKey(rule)) ?? []), rule]);
  const ordered: AddressMatch[] = [];
  for (const wanted of reference ?? []) {
    const found = byKey.get(addressMatchKey(wanted))?.shift();
    if (found) ordered.push(found);
  }
  for (const rest of byKey.values()) ordered.push(...rest);
  return ordered;
}

/** A rule as HCL shows it, to say which element of a list a diagnostic is about: `{ cidr = "10.0.0.0/8" }`. */
function shown(rule: Readonly<Partial<Record<(typeof matchForms)[number], unknown>>>): string {
  const set = matchForms.filter((name) => rule[name] !== null && rule[name] !== undefined);
  return `{ ${set.map((name) => `${name} = ${rule[name] instanceof Unknown ? '(known after apply)' : JSON.stringify(rule[name])}`).join(', ') || 'no match form'} }`;
}

/** The model's rules of one rule, run on each element of the list, each finding saying which rule it is about. */
function eachRule(validators: ObjectValidator[]): ObjectValidator[] {
  return validators.map((validator) => ({
    description: validator.description,
    validate: (rule, path) => validator.validate(rule, path).map((d) => ({ ...d, detail: `Rule ${shown(rule)}: ${d.detail}` })),
  }));
}

/** No two elements match the same clients. */
const distinctMatches: AttributeValidator = {
  description: 'no two rules match the same clients',
  validate(value, { path }) {
    const rules = (Array.isArray(value) ? value : []) as Array<Record<string, TfValue>>;
    const known = rules.filter((rule) => matchForms.every((name) => !(rule[name] instanceof Unknown)));
    return repeatedMatches(known.map((rule) => addressMatchFrom(rule as unknown as Partial<AddressMatch>))).map(({ index, first }) => invalidValue(path,
      `Rules ${shown(known[first])} and ${shown(known[index])} match the same clients: a list holds each match once (keep one, with one description).`));
  },
};

/** The API's answer to a list replacement with each item's problems moved to that element of `rules` (items are sent in its order), naming the rule. */
function aboutRules(error: unknown, sent: AddressMatch[]): unknown {
  if (!(error instanceof ApiError) || error.status !== 422) return error;
  return new DiagnosticsError(error.diagnostics.map((d) => {
    const [first, second, ...rest] = d.attribute ?? [];
    if (!first || !('attribute' in first) || first.attribute !== 'items' || !second || !('index' in second)) return d;
    const rule = sent[second.index];
    return { ...d, attribute: [{ attribute: 'rules' }, second, ...rest], detail: `Rule ${rule ? shown(rule) : `#${second.index + 1}`}: ${d.detail}` };
  }));
}

/**
 * A list resource: virtual_server_id forces replacement; create, update and delete each send the whole list (delete: an
 * empty one) with one PUT; read lists the server's rules (in the prior state's order, rules added outside at the end), so a
 * rule added or removed outside Terraform shows in the plan.
 * Import by the virtual server id.
 */
export function addressRuleListResource(type: AddressRuleListType): Resource<AddressRuleList, ApiClient> {
  const paths = childPaths(type.collection);
  const attributes = attributesOf(type.schema, { rules: { rules: eachRule(addressMatchValidators(type.rule, type.kind)) } });
  attributes.rules = { ...attributes.rules, validators: [...(attributes.rules.validators ?? []), distinctMatches] };

  const state = (serverId: string, rules: AddressMatch[], reference: AddressMatch[] | null): AddressRuleList =>
    ({ id: serverId, virtual_server_id: serverId, rules: inOrderOf(reference, rules.map(addressMatchFrom)) });

  async function replace(serverId: string, rules: AddressMatch[], what: string, context: ResourceContext<ApiClient>): Promise<AddressRuleList> {
    const items = rules.map(addressMatchFrom);
    try {
      const answer = await context.client.replace<{ items: AddressMatch[] }>(paths.collection(serverId), { items }, { what: `${what} ${type.typeName} of virtual server ${serverId}` });
      return state(serverId, answer.body.items, items);
    } catch (error) {
      throw aboutRules(error, items);
    }
  }

  const resource: Resource<AddressRuleList, ApiClient> = {
    typeName: type.typeName,
    schema: {
      description: `${type.description} The list is authoritative: apply makes the server's ${type.kind.replace('_', ' ')}s exactly \`rules\`, removing any ` +
        `other, so do not use it together with \`${type.single}\` on the same virtual server (the two would undo each other's ` +
        'changes on every apply), as with inline and separate rule resources elsewhere. One object for any number of rules: ' +
        `plan and apply of 10,000 rules cost one read and one write. Import with the virtual server id.`,
      attributes,
    },

    create: (plan, context) => replace(plan.virtual_server_id, plan.rules ?? [], 'creating', context),

    async read(prior, context) {
      const found = await context.client.get<{ items: AddressMatch[] }>(paths.collection(prior.virtual_server_id), { what: `reading ${type.typeName} of virtual server ${prior.virtual_server_id}` });
      return found ? state(prior.virtual_server_id, found.body.items, prior.rules) : null;
    },

    update: (plan, _prior, context) => replace(plan.virtual_server_id, plan.rules ?? [], 'updating', context),

    async delete(prior, context) {
      try {
        await replace(prior.virtual_server_id, [], 'deleting', context);
      } catch (error) {
        // The server is gone, and its rules with it.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    },

    async importState(importId, context) {
      if (importId.trim() === '' || importId.includes('/')) {
        throw new DiagnosticsError({ severity: 'error', summary: 'Invalid import id', detail: `Import ${type.typeName} with the virtual server id (e.g. "Hk3v0cPq9rXz2mT5bLw8"); got "${importId}".` });
      }
      return resource.read({ id: importId, virtual_server_id: importId, rules: null }, context);
    },
  };
  return resource;
}
