// smtp_connection_rule: one entry of a virtual server's IP access list (who may connect, with connection_control.mode).
import { connectionRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { addressRuleResource } from './address-rule-resource.ts';

/** Connection rules; the virtual server's `connection_control.mode` says whether listed clients are the only ones allowed or the ones refused. */
export const smtpConnectionRule = addressRuleResource({
  typeName: 'smtp_connection_rule',
  schema: connectionRuleSchema,
  collection: 'connection-rules',
  description: 'An entry of a virtual server\'s connection list. With `connection_control.mode = "all_except_listed"` ' +
    '(the default) matching clients are refused with 554; with `"only_listed"` only matching clients may connect.',
});
