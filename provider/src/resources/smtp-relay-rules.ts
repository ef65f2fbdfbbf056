// smtp_relay_rules: a virtual server's whole relay list (who may relay, with relay_control.mode) as one object.
import { relayRuleListSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { addressRuleListResource } from './address-rule-list-resource.ts';

/** The relay list of one virtual server; like IIS's relay restrictions list, one property holding every entry. */
export const smtpRelayRules = addressRuleListResource({
  typeName: 'smtp_relay_rules',
  single: 'smtp_relay_rule',
  collection: 'relay-rules',
  kind: 'relay_rule',
  schema: relayRuleListSchema,
  rule: relayRuleSchema,
  description: 'Every entry of a virtual server\'s relay list, as one object (IIS keeps the list as one property too). With ' +
    '`relay_control.mode = "only_listed"` (the default) only matching clients (and, with `allow_authenticated`, authenticated ' +
    'ones) may relay; with `"all_except_listed"` matching clients may not.',
});
