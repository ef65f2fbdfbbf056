// Builds RFC 3464 delivery status notifications (multipart/report; report-type=delivery-status).
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { RecipientOutcome } from './recipient-outcome.ts';

/** What a DSN reports on: one message and some of its recipients, all failed or all delayed. */
export interface DsnInput {
  action: 'failed' | 'delayed';
  /** The reporting MTA's name (the virtual server's fqdn). */
  reportingMta: string;
  /** The envelope sender the report goes to. */
  to: string;
  arrivalDate: Date;
  recipients: Array<Pick<RecipientOutcome, 'address' | 'status' | 'detail' | 'fromRemote' | 'remoteMta'>>;
  /** The original message (only its header section is returned). */
  original: Buffer;
  /** Delayed reports: when the relay gives up. */
  willRetryUntil?: Date;
  now: Date;
}

const maxHeaderBytes = 64 * 1024;

/** RFC 5322 date-time in UTC ("Sun, 29 Nov 2026 05:04:28 +0000"). */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The header section of a message, without the blank line; capped so a huge header block cannot bloat the report. */
export function headerSection(message: Buffer): string {
  const crlf = message.indexOf('\r\n\r\n');
  const lf = message.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf >= 0 ? lf : message.length;
  return message.subarray(0, Math.min(end, maxHeaderBytes)).toString('utf8').replace(/\r?\n/g, '\r\n');
}

/** One header field value on one line: no CR/LF, bounded length. */
function oneLine(text: string, max = 900): string {
  const flat = text.replace(/[\r\n]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/**
 * The mta-name of type "dns" (RFC 3464 sections 2.2.2, 2.3.5): a host name as it is; an address, which is no DNS
 * name, as the RFC 5321 address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`), as SMTP writes a host without a name.
 */
export function mtaName(host: string): string {
  const family = isIP(host);
  return family === 4 ? `[${host}]` : family === 6 ? `[IPv6:${host}]` : host;
}

function humanPart(input: DsnInput): string {
  const lines = input.action === 'failed'
    ? ['This is the mail system at ' + input.reportingMta + '.', '',
      'Your message could not be delivered to the following recipients. This is a permanent error;',
      'the relay will not try again.', '']
    : ['This is the mail system at ' + input.reportingMta + '.', '',
      'Your message has not been delivered yet to the following recipients. The relay keeps trying',
      `until ${rfc5322Date(input.willRetryUntil ?? input.now)}; you do not need to send it again.`, ''];
  for (const r of input.recipients) lines.push(`<${r.address}>: ${oneLine(r.detail)}`);
  return lines.join('\r\n');
}

function statusPart(input: DsnInput): string {
  const blocks = [[`Reporting-MTA: dns; ${input.reportingMta}`, `Arrival-Date: ${rfc5322Date(input.arrivalDate)}`].join('\r\n')];
  for (const r of input.recipients) {
    const fields = [`Final-Recipient: rfc822; ${r.address}`, `Action: ${input.action}`, `Status: ${r.status}`];
    if (r.remoteMta) fields.push(`Remote-MTA: dns; ${mtaName(r.remoteMta)}`);
    fields.push(`Diagnostic-Code: ${r.fromRemote ? 'smtp' : 'X-Relayform'}; ${oneLine(r.detail)}`);
    fields.push(`Last-Attempt-Date: ${rfc5322Date(input.now)}`);
    if (input.willRetryUntil) fields.push(`Will-Retry-Until: ${rfc5322Date(input.willRetryUntil)}`);
    blocks.push(fields.join('\r\n'));
  }
  return blocks.join('\r\n\r\n');
}

/**
 * The complete report as it goes into the queue (CRLF line ends). The caller enqueues it with the null
 * sender, so that a report that cannot be delivered never causes another report.
 */
export function buildDsn(input: DsnInput): Buffer {
  const boundary = `=_dsn_${randomUUID()}`;
  const subject = input.action === 'failed' ? 'Delivery Status Notification (Failure)' : 'Delivery Status Notification (Delay)';
  const head = [
    `From: Mail Delivery System <MAILER-DAEMON@${input.reportingMta}>`,
    `To: <${input.to}>`,
    `Subject: ${subject}`,
    `Date: ${rfc5322Date(input.now)}`,
    `Message-ID: <${randomUUID()}@${input.reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
  ];
  const parts = [
    ['Content-Type: text/plain; charset=utf-8', '', humanPart(input)],
    ['Content-Type: message/delivery-status', '', statusPart(input)],
    ['Content-Type: text/rfc822-headers', '', headerSection(input.original)],
  ];
  const body = parts.map((p) => `--${boundary}\r\n${p.join('\r\n')}\r\n`).join('');
  return Buffer.from(`${head.join('\r\n')}\r\n\r\nThis is a MIME-formatted delivery status notification.\r\n\r\n${body}--${boundary}--\r\n`, 'utf8');
}
