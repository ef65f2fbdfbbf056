// Conversion between rows of queue_messages and QueuedMessage values.
import type { BodyType, DeadLetter, DeadLetterReasonClass, QueuedMessage, QueuedRecipient } from '../queue-store.ts';

/** A queue_messages row as better-sqlite3 returns it. */
export interface QueueRow {
  id: string;
  virtual_server_id: string;
  sender: string;
  recipients: string;
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  received_at: number;
  next_attempt_at: number;
  attempts: number;
  last_error: string | null;
  state: 'fresh' | 'deferred';
  delay_notified: number;
  smtputf8: number;
  body: BodyType | null;
  dead_letter_notice: number;
}

/** The columns toMessage needs, for SELECT lists. */
export const messageColumns = `id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as,
  received_at, next_attempt_at, attempts, last_error, state, delay_notified, smtputf8, body, dead_letter_notice`;

/** The recipients column read back, or why it cannot be (a damaged row must not make every claim that meets it fail). */
function readRecipients(text: string): { recipients: QueuedRecipient[]; unreadable?: string } {
  try {
    const recipients = JSON.parse(text) as unknown;
    if (Array.isArray(recipients) && recipients.length > 0 && recipients.every((r) => typeof (r as QueuedRecipient)?.address === 'string')) {
      return { recipients: recipients as QueuedRecipient[] };
    }
    return { recipients: [], unreadable: 'the recipients are not a list of addresses' };
  } catch (error) {
    return { recipients: [], unreadable: `the recipients are not valid JSON (${(error as Error).message})` };
  }
}

/** Maps a row to the public value; timestamps are stored as epoch milliseconds. */
export function toMessage(row: QueueRow): QueuedMessage {
  return {
    id: row.id,
    virtual_server_id: row.virtual_server_id,
    sender: row.sender,
    ...readRecipients(row.recipients),
    size: row.size,
    client_ip: row.client_ip,
    authenticated_as: row.authenticated_as,
    received_at: new Date(row.received_at),
    next_attempt_at: new Date(row.next_attempt_at),
    attempts: row.attempts,
    last_error: row.last_error,
    state: row.state,
    delay_notified: row.delay_notified === 1,
    smtputf8: row.smtputf8 === 1,
    body: row.body,
    dead_letter_notice: row.dead_letter_notice === 1,
  };
}

/** A dead_letters row without its data, as better-sqlite3 returns it. */
export interface DeadLetterRow {
  id: string;
  virtual_server_id: string;
  sender: string;
  recipients: string;
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  reason: string;
  reason_class: DeadLetterReasonClass;
  received_at: number;
  dead_at: number;
  expires_at: number;
}

/** The columns toDeadLetter needs, for SELECT lists (the data column stays out of listings). */
export const deadLetterColumns = `id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as,
  reason, reason_class, received_at, dead_at, expires_at`;

/** Maps a dead_letters row to the public value. */
export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    ...row, recipients: JSON.parse(row.recipients) as QueuedRecipient[],
    received_at: new Date(row.received_at), dead_at: new Date(row.dead_at), expires_at: new Date(row.expires_at),
  };
}
