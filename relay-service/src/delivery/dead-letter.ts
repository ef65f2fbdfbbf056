// Moves accepted mail that can be neither delivered nor returned to the dead-letter store, with a notice, a metric and a log line.
import { randomUUID } from 'node:crypto';
import type { VirtualServer } from '@relayform/schema/model.ts';
import type { Logger } from '../logger.ts';
import { addressWithALabels } from '../policy/mailbox.ts';
import type { DeadLetterReasonClass, QueuedMessage, QueuedRecipient, QueueStore } from '../store/queue-store.ts';
import { deadLetteredTotal } from './delivery-metrics.ts';
import { rfc5322Date } from './dsn.ts';

export interface DeadLetterContext {
  queue: QueueStore;
  logger: Logger;
  message: QueuedMessage;
  /** The accepting virtual server's fqdn (the notice's From) and dead-letter settings. */
  server: Pick<VirtualServer, 'fqdn' | 'dead_letter'>;
  now: Date;
}

/** Why a message is dead: its recipients as they ended, the last reply or error, and the class counted in /metrics. */
export interface DeadLetterCause {
  recipients: QueuedRecipient[];
  reason: string;
  reason_class: DeadLetterReasonClass;
}

/** The notice says where the message is and why; it carries none of the message's content (the operator downloads it). */
function noticeText(ctx: DeadLetterContext, cause: DeadLetterCause, to: string, expiresAt: Date): Buffer {
  const { message, server } = ctx;
  const undelivered = cause.recipients.filter((r) => r.status !== 'delivered').map((r) => `<${r.address}>`);
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 900);
  return Buffer.from([
    `From: Mail Delivery System <MAILER-DAEMON@${server.fqdn}>`,
    `To: <${to}>`,
    `Subject: Dead letter ${message.id} kept on ${server.fqdn}`,
    `Date: ${rfc5322Date(ctx.now)}`,
    `Message-ID: <${randomUUID()}@${server.fqdn}>`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `This is the mail system at ${server.fqdn}.`,
    '',
    'A message could be neither delivered nor returned to its sender. It is kept in the dead-letter store',
    `until ${rfc5322Date(expiresAt)}: GET /v1/dead-letters/${message.id}/message downloads it.`,
    '',
    `Queue id: ${message.id}`,
    `Virtual server: ${message.virtual_server_id}`,
    `Sender: <${message.sender}>`,
    `Undelivered recipients: ${undelivered.join(', ')}`,
    `Received: ${rfc5322Date(message.received_at)}`,
    `Reason: ${oneLine(cause.reason)}`,
    '',
  ].join('\r\n'));
}

/**
 * Moves `message` from the queue to the dead-letter store (it replaces recording the attempt) and, when
 * dead_letter.send_notice_to is set, queues a notice with the null sender, marked so that a notice that fails is
 * dropped instead of dead-lettered (no loops). The notice is queued first, like reports: a crash in between can
 * repeat it but never lose it. Returns false when the message was removed from the queue meanwhile.
 */
export async function deadLetterMessage(ctx: DeadLetterContext, cause: DeadLetterCause): Promise<boolean> {
  const { message, server, now } = ctx;
  const expiresAt = new Date(now.getTime() + server.dead_letter.retention_hours * 3_600_000);
  const notify = server.dead_letter.send_notice_to === null ? null : addressWithALabels(server.dead_letter.send_notice_to);
  const noticeId = notify === null ? null : await ctx.queue.enqueue({
    virtual_server_id: message.virtual_server_id, sender: '', recipients: [notify], client_ip: '127.0.0.1', authenticated_as: null,
    smtputf8: message.smtputf8, dead_letter_notice: true,
  }, noticeText(ctx, cause, notify, expiresAt));
  const moved = await ctx.queue.deadLetter(message.id, { ...cause, dead_at: now, expires_at: expiresAt });
  if (!moved) return false;
  deadLetteredTotal.inc({ reason_class: cause.reason_class });
  // The reason is the next hop's reply or a local error: no message content, no credentials.
  ctx.logger.warn({
    queue_id: message.id, virtual_server_id: message.virtual_server_id, reason_class: cause.reason_class, reason: cause.reason,
    recipients: cause.recipients.length, expires_at: expiresAt.toISOString(), notice_id: noticeId,
  }, 'message dead-lettered');
  return true;
}
