// Conversion between rows of queue_messages and dead_letters and QueuedMessage and DeadLetter values.
import type { AcceptedEnvelope, BodyType, DeadLetter, DeadLetterReasonClass, QueuedMessage, QueuedRecipient } from '../queue-store.ts';

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

/** The columns of an AcceptedEnvelope, which both tables have. */
type EnvelopeRow = Pick<QueueRow, keyof AcceptedEnvelope>;

/** A dead_letters row without its data, as better-sqlite3 returns it: the envelope it had in the queue, and why it died. */
export interface DeadLetterRow extends EnvelopeRow {
  reason: string;
  reason_class: DeadLetterReasonClass;
  dead_at: number;
  expires_at: number;
}

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

/**
 * The envelope columns both tables share, mapped; timestamps are stored as epoch milliseconds. Recipients are left
 * to the caller: a queued message with a damaged list is marked unreadable, while a dead letter's list may be empty.
 */
function toEnvelope(row: EnvelopeRow): Omit<AcceptedEnvelope, 'recipients'> {
  return {
    id: row.id,
    virtual_server_id: row.virtual_server_id,
    sender: row.sender,
    size: row.size,
    client_ip: row.client_ip,
    authenticated_as: row.authenticated_as,
    received_at: new Date(row.received_at),
  };
}

/** Maps a queue_messages row to the public value. */
export function toMessage(row: QueueRow): QueuedMessage {
  return {
    ...toEnvelope(row),
    ...readRecipients(row.recipients),
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

/** Maps a dead_letters row to the public value. */
export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    ...toEnvelope(row),
    recipients: JSON.parse(row.recipients) as QueuedRecipient[],
    reason: row.reason,
    reason_class: row.reason_class,
    dead_at: new Date(row.dead_at),
    expires_at: new Date(row.expires_at),
  };
}
