// smtp_relay_rule: one entry of a virtual server's relay restrictions (who may relay, with relay_control.mode).
import { relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { addressRuleResource } from './address-rule-resource.ts';

/** Relay rules; the virtual server's `relay_control.mode` says whether listed clients are the only ones allowed to relay or the ones refused. */
export const smtpRelayRule = addressRuleResource({
  typeName: 'smtp_relay_rule',
  schema: relayRuleSchema,
  collection: 'relay-rules',
  description: 'An entry of a virtual server\'s relay list. With `relay_control.mode = "only_listed"` (the default) only ' +
    'matching clients (and, with `allow_authenticated`, authenticated ones) may relay; with `"all_except_listed"` matching clients may not.',
});
