// Sends delivery status notifications back to the envelope sender through the queue, with the null sender.
import type { VirtualServer } from '@relayform/schema/model.ts';
import { addressWithALabels } from '../policy/mailbox.ts';
import type { QueueStore, QueuedMessage } from '../store/queue-store.ts';
import { buildDsn } from './dsn.ts';
import type { RecipientOutcome } from './recipient-outcome.ts';

/** What a report needs to know about the message and the virtual server that accepted it. */
export interface ReportContext {
  queue: QueueStore;
  message: QueuedMessage;
  original: Buffer;
  /** The accepting virtual server's fqdn (Reporting-MTA) and NDR settings. */
  server: Pick<VirtualServer, 'fqdn' | 'ndr'>;
  now: Date;
}

/** The locally generated report has no SMTP client; this marks it in the queue listing. */
const localClient = '127.0.0.1';

/**
 * Enqueues a failure report (and a copy to ndr.send_copy_to, its domain in canonical form) for recipients that failed
 * for good. Never for the null sender: a report about a report could loop. A report about a message received with
 * SMTPUTF8 is queued with it too: it goes to a UTF-8 address, or quotes UTF-8 header fields. Returns the report's id, or null.
 */
export async function sendFailureReport(ctx: ReportContext, failed: RecipientOutcome[]): Promise<string | null> {
  const { message, server } = ctx;
  if (message.sender === '' || failed.length === 0) return null;
  const data = buildDsn({
    action: 'failed', reportingMta: server.fqdn, to: message.sender, arrivalDate: message.received_at,
    recipients: failed, original: ctx.original, now: ctx.now,
  });
  const copy = server.ndr.send_copy_to === null ? null : addressWithALabels(server.ndr.send_copy_to);
  const recipients = copy && copy.toLowerCase() !== message.sender.toLowerCase() ? [message.sender, copy] : [message.sender];
  return ctx.queue.enqueue(
    { virtual_server_id: message.virtual_server_id, sender: '', recipients, client_ip: localClient, authenticated_as: null, smtputf8: message.smtputf8 },
    data,
  );
}

/** Enqueues a one-time "still trying" report to the sender (not for the null sender). Returns the report's id, or null. */
export async function sendDelayReport(ctx: ReportContext, delayed: RecipientOutcome[], willRetryUntil: Date): Promise<string | null> {
  const { message, server } = ctx;
  if (message.sender === '' || delayed.length === 0) return null;
  const data = buildDsn({
    action: 'delayed', reportingMta: server.fqdn, to: message.sender, arrivalDate: message.received_at,
    recipients: delayed, original: ctx.original, willRetryUntil, now: ctx.now,
  });
  return ctx.queue.enqueue(
    { virtual_server_id: message.virtual_server_id, sender: '', recipients: [message.sender], client_ip: localClient, authenticated_as: null, smtputf8: message.smtputf8 },
    data,
  );
}
