// The match fields shared by the rule resources (smtp_connection_rule, smtp_relay_rule, their lists) as Terraform state holds them, and their plan-time checks.
import { checkAddressMatch, everyAddressWarnings, hostBitsWarnings } from '@relayform/schema/address-match-rules.ts';
import type { AddressMatch as ApiAddressMatch } from '@relayform/schema/model.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ObjectValidator } from '../framework/validators/validator.ts';
import { ruleValidator } from './schema-attributes.ts';

/** The match fields as the API and state hold them: exactly one form set, the rest null, and the description. */
export type AddressMatch = ApiAddressMatch & { description: string };

/** Which list a rule belongs to, as the model's rules name it. */
export type AddressRuleKind = 'connection_rule' | 'relay_rule';

/** The match fields of an API body (absent ones as null), as state holds them. */
export function addressMatchFrom(body: Partial<AddressMatch>): AddressMatch {
  return {
    ip_address: body.ip_address ?? null,
    subnet_mask: body.subnet_mask ?? null,
    cidr: body.cidr ?? null,
    domain: body.domain ?? null,
    description: body.description ?? '',
  };
}

const matchForms = ['ip_address', 'subnet_mask', 'cidr', 'domain'];

/**
 * The model's rules of one rule (`schema`: the connection or relay rule) as object validators, for the rule resource itself
 * or each element of a list: exactly one match form (an error), and the warnings of a match wider than it looks.
 */
export function addressMatchValidators(schema: JsonSchema, kind: AddressRuleKind): ObjectValidator[] {
  return [
    ruleValidator(schema, 'exactly one match form', matchForms, (rule) => checkAddressMatch(rule as unknown as ApiAddressMatch)),
    ruleValidator(schema, 'no host bits set in a network', matchForms, (rule) => hostBitsWarnings(rule as unknown as ApiAddressMatch),
      { summary: 'Network address has host bits set' }),
    ruleValidator(schema, 'a relay rule does not match every address', matchForms, (rule) => everyAddressWarnings(rule as unknown as ApiAddressMatch, kind),
      { summary: 'Relay rule matches every address' }),
  ];
}
