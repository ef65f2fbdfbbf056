// Data source smtp_relay_check: asks the relay whether a virtual server would accept one recipient from one client, right now.
import type { ApiClient } from '../client/api-client.ts';
import type { DataSource } from '../framework/data-source.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { stringMatching } from '../framework/validators/value-validators.ts';
import { modelFormat } from '../resources/schema-attributes.ts';

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

const nonEmpty = (what: string) => stringMatching(/\S/, what, { min: 1 });
const computed = (description: string) => ({ description, computed: true });

/**
 * `data "smtp_relay_check"`: the relay evaluates its LIVE policy (connection control first, then relay
 * control) with the code its SMTP listener runs, so a `check` block can assert e.g. "not an open relay".
 */
export const smtpRelayCheckData: DataSource<SmtpRelayCheck, ApiClient> = {
  typeName: 'smtp_relay_check',
  schema: {
    description: 'Asks the relay whether a virtual server would accept `recipient` from a client at `client_ip` (anonymous or ' +
      'authenticated), as its SMTP listener would answer RCPT TO right now. Use it in a `check` block, e.g. to assert that an ' +
      'anonymous outside client cannot relay to a foreign domain. Read at every plan and apply.',
    attributes: {
      virtual_server_id: attribute.string({ description: 'The virtual server to ask.', required: true, validators: [nonEmpty('a non-empty id')] }),
      client_ip: attribute.string({ description: 'The connecting client\'s IP address.', required: true, validators: [modelFormat('ip')] }),
      client_hostname: attribute.string({ description: 'The client\'s confirmed reverse DNS name, for domain rules. Unset: none.', optional: true, validators: [modelFormat('mail-domain')] }),
      authenticated_as: attribute.string({ description: 'The account (`DOMAIN\\name` or `name`) the client authenticated as. Unset: anonymous.', optional: true, validators: [nonEmpty('a non-empty account name')] }),
      sender: attribute.string({ description: 'The envelope sender (MAIL FROM); `""` is the null sender.', required: true }),
      recipient: attribute.string({ description: 'The envelope recipient (RCPT TO).', required: true, validators: [nonEmpty('a non-empty address')] }),
      decision: attribute.string(computed('`"accept"` or `"reject"`.')),
      smtp_code: attribute.number(computed('The SMTP reply code the listener would send (250, 550, 554, ...).')),
      enhanced_status: attribute.string(computed('The enhanced status code (RFC 3463), e.g. `"5.7.1"`.')),
      reason: attribute.string(computed('Why, in words (the reply text).')),
    },
  },

  async read(config, context) {
    const { virtual_server_id, client_ip, client_hostname, authenticated_as, sender, recipient } = config;
    const request = { virtual_server_id, client_ip, client_hostname, authenticated_as, sender, recipient };
    const { body } = await context.client.create<Decision>('/v1/relay-check', request, { what: `checking relay policy of virtual server ${virtual_server_id}` });
    return { ...config, decision: body.decision, smtp_code: body.smtp_code, enhanced_status: body.enhanced_status ?? null, reason: body.reason };
  },
};
