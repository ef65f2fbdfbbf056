// The queue_messages columns that make up a QueuedMessage, and the order claims are handed out in.
import type { QueuedMessage } from '../queue-store.ts';

/**
 * Selected (or returned) together, these columns form a QueuedMessage as node-postgres parses them:
 * timestamptz as Date, json parsed, boolean as boolean. Lease columns stay internal.
 */
export const messageColumns = `id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as,
  received_at, next_attempt_at, attempts, last_error, state, delay_notified, smtputf8, body, dead_letter_notice`;

/** Selected together, these columns form a DeadLetter as node-postgres parses them (the data column stays out of listings). */
export const deadLetterColumns = `id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as,
  reason, reason_class, received_at, dead_at, expires_at`;

/** Claim order: fresh mail first, then by due time; the order the scheduler should start deliveries in (UPDATE ... RETURNING keeps none). */
export function claimOrder(a: QueuedMessage, b: QueuedMessage): number {
  return Number(a.state !== 'fresh') - Number(b.state !== 'fresh')
    || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || a.received_at.getTime() - b.received_at.getTime();
}
