// Session hook for DATA: size limit, hop count, Received header, then durable storage (drop file and/or queue) before 250.
import { randomUUID } from 'node:crypto';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { NewMessage } from '../store/queue-store.ts';
import { addressWithALabels, isInvalidMailbox, parseMailbox } from '../policy/mailbox.ts';
import { isLocalRecipient } from '../policy/relay-decision.ts';
import { writeDropFile } from '../store/drop-file.ts';
import { traceLink, traceSession } from '../step-trace.ts';
import { receivedCount } from './hop-count.ts';
import { receivedHeader, receivedProtocol } from './received-header.ts';
import type { SessionContext } from './session-context.ts';
import { SmtpReply } from './smtp-reply.ts';

export interface DataDeps {
  /** Queues a message for delivery; resolves with its id once it is durable. */
  enqueue(message: NewMessage, data: Buffer): Promise<string>;
}

/** The 250 reply's text; a plain value, not an SmtpReply (an Error, whose stack trace would cost every message). */
export interface Accepted {
  message: string;
}

/**
 * Reads the message and makes it durable before answering. A domain with Unicode labels is stored as its A-label
 * (addressWithALabels; a recipient given in both forms counts once). Recipients in
 * `local_domains` get one `<drop_directory>/<id>.eml` (IIS drop format: X-Sender and X-Receiver lines, then
 * the message); the rest go into the queue with MAIL FROM's SMTPUTF8 and BODY parameters, which delivery needs
 * (RFC 6531, RFC 6152). Replies `250 2.0.0 Ok: queued as <id>`,
 * `552 5.3.4` when over the size limit, `554 5.4.6` when it arrived with more Received fields than `max_hop_count`
 * (a routing loop, RFC 5321 6.3 and RFC 3463 X.4.6; nothing is stored), `452 4.3.1` when the disk is full and `451 4.3.0` when storage failed
 * otherwise (never 250 then).
 */
export async function onData(stream: SMTPServerDataStream, session: SMTPServerSession, ctx: SessionContext, deps: DataDeps): Promise<Accepted | SmtpReply> {
  const limit = ctx.config.server.limits.max_message_size_kb * 1024;
  const chunks = await readAll(stream, limit);
  traceSession(session, 'data_received');
  if (chunks === null || stream.sizeExceeded) {
    return new SmtpReply(552, '5.3.4', `Message size exceeds fixed maximum message size (${limit} bytes)`, 'message_too_large');
  }
  const hops = receivedCount(chunks);
  const maxHops = ctx.config.server.limits.max_hop_count;
  if (hops > maxHops) {
    return new SmtpReply(554, '5.4.6', `Too many hops: ${hops} Received header fields, at most ${maxHops}; routing loop suspected`, 'too_many_hops');
  }
  const { envelope } = session;
  const sender = envelope.mailFrom ? addressWithALabels(envelope.mailFrom.address) : '';
  const recipients = uniqueRecipients(envelope.rcptTo.map((r) => addressWithALabels(r.address)));
  const isLocal = (address: string) => {
    const mailbox = parseMailbox(address);
    return !isInvalidMailbox(mailbox) && isLocalRecipient(ctx.config, mailbox);
  };
  const local = recipients.filter(isLocal);
  const remote = recipients.filter((r) => !isLocal(r));
  // One id for the message: the Received header's, the drop file's, the queue's and the 250 reply's.
  const id = randomUUID();
  traceLink(session, id);
  const message = Buffer.concat([Buffer.from(receivedHeader({
    helo: session.hostNameAppearsAs, hostname: ctx.client.hostname, ip: ctx.client.ip, by: ctx.config.server.fqdn,
    protocol: receivedProtocol(session.transmissionType, envelope.smtpUtf8 === true), id, recipient: recipients.length === 1 ? recipients[0] : null,
    date: new Date(),
  })), ...chunks]);
  try {
    if (local.length > 0) {
      await writeDropFile(ctx.config.server.drop_directory, id, { sender, recipients: local }, message);
      ctx.log.info({ id, recipients: local.length, size: message.length }, 'message dropped for local delivery');
    }
    if (remote.length > 0) {
      await deps.enqueue({
        id, virtual_server_id: ctx.config.server.id, sender, recipients: remote, client_ip: ctx.client.ip, authenticated_as: ctx.authenticatedAs,
        smtputf8: envelope.smtpUtf8 === true, body: bodyParameter(envelope.bodyType),
      }, message);
      ctx.log.info({ id, recipients: remote.length, size: message.length }, 'message queued');
    }
    ctx.messages += 1;
    return { message: `2.0.0 Ok: queued as ${id}` };
  } catch (error) {
    ctx.log.error({ err: error }, 'storing a message failed');
    if (isStorageFull(error)) return new SmtpReply(452, '4.3.1', 'Insufficient system storage, message not accepted; try again later', 'storage_error');
    return new SmtpReply(451, '4.3.0', 'Local error in processing, message not accepted; try again later', 'storage_error');
  }
}

/** The recipients without repeats, compared as smtp-server does (case-insensitively), but after canonicalisation. */
function uniqueRecipients(recipients: string[]): string[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = r.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** MAIL FROM's BODY parameter as stored with the message (smtp-server gives it in lower case, validated). */
function bodyParameter(bodyType: string | undefined): NewMessage['body'] {
  if (bodyType === '8bitmime') return '8BITMIME';
  return bodyType === '7bit' ? '7BIT' : null;
}

/** The disk (ENOSPC, SQLite's SQLITE_FULL) or the database (PostgreSQL 53100 disk_full) has no room: RFC 3463 4.3.1. */
function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === '53100';
}

/** The message's chunks (copied once, with the Received header, by the caller), or null once it grew past `limit` (the rest is read and discarded). */
function readAll(stream: SMTPServerDataStream, limit: number): Promise<Buffer[] | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    stream.once('end', () => resolve(size > limit ? null : chunks));
    stream.once('error', reject);
  });
}
