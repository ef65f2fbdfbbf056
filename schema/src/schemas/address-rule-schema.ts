// JSON Schema of a connection rule or relay rule: one IP address, subnet, CIDR block or domain.
import { idSchema, parentIdSchema, terraform, type JsonSchema } from './json-schema.ts';

/** The four match forms; exactly one of ip_address | ip_address+subnet_mask | cidr | domain (checked in address-match-rules.ts). */
function addressRuleSchema(title: string): JsonSchema {
  return {
    title,
    type: 'object',
    additionalProperties: false,
    description: 'Exactly one match form: ip_address, ip_address + subnet_mask, cidr, or domain.',
    properties: {
      id: idSchema('rule'),
      virtual_server_id: parentIdSchema('this rule belongs to', 'rule'),
      ip_address: {
        type: ['string', 'null'], format: 'ip', default: null,
        ...terraform('The client\'s IPv4 or IPv6 address; with `subnet_mask`, an IPv4 group of addresses.'),
      },
      subnet_mask: {
        type: ['string', 'null'], format: 'subnet-mask', default: null,
        ...terraform('Dotted IPv4 subnet mask (e.g. `255.255.255.0`) that turns `ip_address` into a group of addresses. Only with `ip_address`.'),
      },
      cidr: { type: ['string', 'null'], format: 'cidr', default: null, ...terraform('A CIDR block of client addresses, e.g. `192.0.2.0/24` or `2001:db8::/32`.') },
      domain: {
        type: ['string', 'null'], format: 'mail-domain', default: null,
        ...terraform('A domain name: matches clients whose forward-confirmed reverse DNS name is this domain or below it.'),
      },
      description: { type: 'string', maxLength: 1000, default: '', ...terraform('Free text for humans (at most {maxLength} characters). Defaults to {default}.') },
    },
  };
}

/** ConnectionRule (model.ts). */
export const connectionRuleSchema = addressRuleSchema('ConnectionRule');
/** RelayRule (model.ts). */
export const relayRuleSchema = addressRuleSchema('RelayRule');

/**
 * A virtual server's whole list of one rule type as Terraform holds it (smtp_connection_rules, smtp_relay_rules): the
 * server, and its rules as a list of the rule's match members. The API takes and answers the list as `{ "items": [...] }`
 * on `PUT /v1/virtual-servers/{id}/<collection>`, each item a rule validated by `rule` itself.
 */
function addressRuleListSchema(title: string, rule: JsonSchema, rules: string): JsonSchema {
  const { id: _id, virtual_server_id: _parent, ...match } = rule.properties!;
  return {
    title,
    type: 'object',
    additionalProperties: false,
    required: ['rules'],
    properties: {
      id: { type: 'string', readOnly: true, description: 'The virtual server id.', ...terraform('The virtual server id (a server has one list of each kind).') },
      virtual_server_id: parentIdSchema('whose list this is', 'list (the old server\'s list is emptied)'),
      rules: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, description: rule.description, properties: match },
        // A list, not a set: Terraform checks an applied set against its plan pair by pair and plans big sets slowly
        // (bench/RESULTS.md); the order is the configuration's, kept in state, and means nothing to the relay.
        ...terraform(`Every ${rules} of the server: a rule added or removed outside Terraform shows in the next plan, and apply ` +
          'makes the list exactly this (rules that stay keep their ids). Each sets exactly one of `ip_address`, `ip_address` + `subnet_mask`, ' +
          '`cidr` or `domain`, and no two match the same clients. The order is the configuration\'s and changes nothing on the relay ' +
          '(a rule added outside Terraform is read at the end). `[]` is a server with none, and so is a destroyed list.'),
      },
    },
  };
}

/** ConnectionRuleList: a server's connection rules as one Terraform object. */
export const connectionRuleListSchema = addressRuleListSchema('ConnectionRuleList', connectionRuleSchema, 'connection rule');
/** RelayRuleList: a server's relay rules as one Terraform object. */
export const relayRuleListSchema = addressRuleListSchema('RelayRuleList', relayRuleSchema, 'relay rule');
