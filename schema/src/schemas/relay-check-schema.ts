// JSON Schemas of the relay check: the question (who connects, as whom, with which envelope) and the decision.
import { terraform, type JsonSchema } from './json-schema.ts';

/** The relay check request (POST /v1/relay-check; the smtp_relay_check data source's arguments). */
export const relayCheckSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['virtual_server_id', 'client_ip', 'sender', 'recipient'],
  properties: {
    virtual_server_id: { type: 'string', minLength: 1, ...terraform('The virtual server to ask.') },
    client_ip: { type: 'string', format: 'ip', ...terraform('The connecting client\'s IP address.') },
    client_hostname: {
      type: ['string', 'null'], format: 'mail-domain', description: 'Confirmed reverse DNS name, for domain rules.',
      ...terraform('The client\'s confirmed reverse DNS name, for domain rules. Unset: none.'),
    },
    authenticated_as: {
      type: ['string', 'null'], minLength: 1, description: 'DOMAIN\\name of an authenticated client; null = anonymous.',
      ...terraform('The account (`DOMAIN\\name` or `name`) the client authenticated as. Unset: anonymous.'),
    },
    sender: { type: 'string', description: 'Envelope sender; "" is the null sender.', ...terraform('The envelope sender (MAIL FROM); `""` is the null sender.') },
    recipient: { type: 'string', minLength: 1, ...terraform('The envelope recipient (RCPT TO).') },
  },
};

/** The decision: what the listener would answer (read-only; the data source's computed attributes). */
export const relayCheckDecisionSchema: JsonSchema = {
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['accept', 'reject'], readOnly: true, ...terraform('`"accept"` or `"reject"`.') },
    smtp_code: { type: 'integer', readOnly: true, ...terraform('The SMTP reply code the listener would send (250, 550, 554, ...).') },
    enhanced_status: { type: 'string', readOnly: true, ...terraform('The enhanced status code (RFC 3463), e.g. `"5.7.1"`.') },
    reason: { type: 'string', readOnly: true, ...terraform('Why, in words (the reply text).') },
  },
};
