// JSON Schemas of the API's own response shapes (errors, audit entries, queued messages) for the OpenAPI document.
import type { AuditEntryJson, DeadLetterJson, QueuedMessageJson } from '@relayform/schema/api-wire-types.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';

const nullableString: JsonSchema = { type: ['string', 'null'] };

/** The body of every 4xx/5xx response. */
export const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', description: 'snake_case, e.g. validation_failed' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string', description: 'JSON path such as $.delivery.smart_host_port' }, message: { type: 'string' } } },
        },
        existing_id: { type: 'string', description: 'With code already_exists (409): the id of the object that is already there, to adopt it (terraform import) instead of creating another' },
      },
    },
  },
};

/** One audit log entry (secrets shown as "[redacted]"): AuditEntryJson's members. */
export const auditEntrySchema: JsonSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    at: { type: 'string', description: 'RFC 3339 time' },
    actor: { type: 'string', description: '"admin" or the account (DOMAIN\\name)' },
    action: { type: 'string', enum: ['create', 'update', 'delete', 'delete_matching', 'replace_list', 'issue_token', 'revoke_token', 'auth_lockout'] },
    object_type: { type: 'string', description: 'A resource kind, "token", "account", "smtp_client_ip", "queued_message" or "dead_letter"' },
    object_id: { type: 'string' },
    before: {},
    after: {},
  } satisfies Record<keyof AuditEntryJson, JsonSchema>,
};

/** QueuedMessage (store/queue-store.ts) as JSON: QueuedMessageJson's members. */
export const queuedMessageSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    virtual_server_id: { type: 'string' },
    sender: { type: 'string' },
    recipients: {
      type: 'array',
      items: { type: 'object', properties: { address: { type: 'string' }, status: { type: 'string', enum: ['pending', 'delivered', 'failed'] }, last_error: nullableString } },
    },
    size: { type: 'integer' },
    client_ip: { type: 'string' },
    authenticated_as: nullableString,
    received_at: { type: 'string' },
    next_attempt_at: { type: 'string' },
    attempts: { type: 'integer' },
    last_error: nullableString,
    state: { type: 'string', enum: ['fresh', 'deferred'] },
    delay_notified: { type: 'boolean' },
    smtputf8: { type: 'boolean', description: 'Received with MAIL FROM\'s SMTPUTF8 parameter (RFC 6531).' },
    body: { type: ['string', 'null'], enum: ['7BIT', '8BITMIME', null], description: 'MAIL FROM\'s BODY parameter (RFC 6152), null when none was given.' },
    dead_letter_notice: { type: 'boolean', description: 'The relay\'s notice about a dead letter (dropped, not dead-lettered, when it fails).' },
    unreadable: { type: 'string', description: 'Present only when the stored envelope is damaged: why; the next attempt moves it to the dead-letter store.' },
  } satisfies Record<keyof QueuedMessageJson, JsonSchema>,
};

/** DeadLetter (store/queue-store.ts) as JSON: DeadLetterJson's members. */
export const deadLetterSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'The queue id the message had (the id its client was told in the 250 reply).' },
    virtual_server_id: { type: 'string' },
    sender: { type: 'string', description: 'Envelope sender; "" is the null sender.' },
    recipients: {
      type: 'array', description: 'Every envelope recipient as it ended: the undelivered ones are `failed`.',
      items: { type: 'object', properties: { address: { type: 'string' }, status: { type: 'string', enum: ['pending', 'delivered', 'failed'] }, last_error: nullableString } },
    },
    size: { type: 'integer', description: 'Bytes of the raw message.' },
    client_ip: { type: 'string' },
    authenticated_as: nullableString,
    reason: { type: 'string', description: 'The last SMTP reply or local error.' },
    reason_class: { type: 'string', enum: ['null_sender_failed', 'null_sender_expired', 'unreadable'] },
    received_at: { type: 'string', description: 'RFC 3339 time' },
    dead_at: { type: 'string', description: 'RFC 3339 time' },
    expires_at: { type: 'string', description: 'RFC 3339 time: the entry is deleted then (dead_letter.retention_hours after dead_at).' },
  } satisfies Record<keyof DeadLetterJson, JsonSchema>,
};
