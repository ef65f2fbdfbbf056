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
