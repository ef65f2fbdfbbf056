// The order claims are handed out in on PostgreSQL.
import type { QueuedMessage } from '../queue-store.ts';

/** Claim order: fresh mail first, then by due time; the order the scheduler should start deliveries in (UPDATE ... RETURNING keeps none). */
export function claimOrder(a: QueuedMessage, b: QueuedMessage): number {
  return Number(a.state !== 'fresh') - Number(b.state !== 'fresh')
    || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || a.received_at.getTime() - b.received_at.getTime();
}
