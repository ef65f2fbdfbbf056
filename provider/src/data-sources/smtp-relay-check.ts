// Data source smtp_relay_check: asks the relay whether a virtual server would accept one recipient from one client, right now.
import type { ApiClient } from '../client/api-client.ts';
import type { DataSource } from '../framework/data-source.ts';
import { relayCheckDecisionSchema, relayCheckSchema } from '@relayform/schema/schemas/relay-check-schema.ts';
import { attributesOf } from '../resources/schema-attributes.ts';
import { computedAttributes } from './computed-attributes.ts';

/** Inputs (as POST /v1/relay-check takes them) and the decision it returns. */
export interface SmtpRelayCheck {
  virtual_server_id: string;
  client_ip: string;
  client_hostname: string | null;
  authenticated_as: string | null;
  sender: string;
  recipient: string;
  decision: 'accept' | 'reject' | null;
  smtp_code: number | null;
  enhanced_status: string | null;
  reason: string | null;
}

type Decision = Pick<SmtpRelayCheck, 'decision' | 'smtp_code' | 'enhanced_status' | 'reason'>;


/**
 * `data "smtp_relay_check"`: the relay evaluates its LIVE policy (connection control first, then relay
 * control) with the code its SMTP listener runs, so a `check` block can assert e.g. "not an open relay".
 */
export const smtpRelayCheckData: DataSource<SmtpRelayCheck, ApiClient> = {
  typeName: 'smtp_relay_check',
  schema: {
    description: 'Asks the relay whether a virtual server would accept `recipient` from a client at `client_ip` (anonymous or ' +
      'authenticated), as its SMTP listener would answer RCPT TO right now. Use it in a `check` block, e.g. to assert that an ' +
      'anonymous outside client cannot relay to a foreign domain. Read at every plan and apply. Declare the data source at the ' +
      'top level and refer to it from the `check` block\'s `assert` (as in the example): one declared inside the `check` block ' +
      'is planned as a read on every run, so `terraform plan -detailed-exitcode` returns 2 although nothing changes.',
    attributes: { ...attributesOf(relayCheckSchema), ...computedAttributes(attributesOf(relayCheckDecisionSchema)) },
  },

  async read(config, context) {
    const { virtual_server_id, client_ip, client_hostname, authenticated_as, sender, recipient } = config;
    const request = { virtual_server_id, client_ip, client_hostname, authenticated_as, sender, recipient };
    const { body } = await context.client.create<Decision>('/v1/relay-check', request, { what: `checking relay policy of virtual server ${virtual_server_id}` });
    return { ...config, decision: body.decision, smtp_code: body.smtp_code, enhanced_status: body.enhanced_status ?? null, reason: body.reason };
  },
};
