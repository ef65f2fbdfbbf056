// JSON Schema of a connection rule or relay rule: one IP address, subnet, CIDR block or domain.
import { idSchema, parentIdSchema, type JsonSchema } from './json-schema.ts';

/** The four match forms; exactly one of ip_address | ip_address+subnet_mask | cidr | domain (checked in address-match.ts). */
function addressRuleSchema(title: string): JsonSchema {
  return {
    title,
    type: 'object',
    additionalProperties: false,
    description: 'Exactly one match form: ip_address, ip_address + subnet_mask, cidr, or domain.',
    properties: {
      id: idSchema,
      virtual_server_id: parentIdSchema,
      ip_address: { type: ['string', 'null'], format: 'ip', default: null },
      subnet_mask: { type: ['string', 'null'], format: 'subnet-mask', default: null },
      cidr: { type: ['string', 'null'], format: 'cidr', default: null },
      domain: { type: ['string', 'null'], format: 'mail-domain', default: null },
      description: { type: 'string', maxLength: 1000, default: '' },
    },
  };
}

/** ConnectionRule (model.ts). */
export const connectionRuleSchema = addressRuleSchema('ConnectionRule');
/** RelayRule (model.ts). */
export const relayRuleSchema = addressRuleSchema('RelayRule');
