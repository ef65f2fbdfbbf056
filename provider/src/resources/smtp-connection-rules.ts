// smtp_connection_rules: a virtual server's whole IP access list (who may connect, with connection_control.mode) as one object.
import { connectionRuleListSchema, connectionRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { addressRuleListResource } from './address-rule-list-resource.ts';

/** The connection list of one virtual server; like IIS's IP security list, one property holding every entry. */
export const smtpConnectionRules = addressRuleListResource({
  typeName: 'smtp_connection_rules',
  single: 'smtp_connection_rule',
  collection: 'connection-rules',
  kind: 'connection_rule',
  schema: connectionRuleListSchema,
  rule: connectionRuleSchema,
  description: 'Every entry of a virtual server\'s connection list, as one object (IIS keeps the list as one property too). With ' +
    '`connection_control.mode = "all_except_listed"` (the default) matching clients are refused with 554; with `"only_listed"` ' +
    'only matching clients may connect.',
});
