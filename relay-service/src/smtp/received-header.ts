// The Received: trace header (RFC 5321 section 4.4) the relay prepends to every message it accepts.

export interface ReceivedFields {
  /** Name the client gave in HELO/EHLO. */
  helo: string;
  /** Confirmed reverse DNS name of the client, when known. */
  hostname: string | null;
  ip: string;
  /** The virtual server's fqdn. */
  by: string;
  /** ESMTP, ESMTPS, ESMTPA or ESMTPSA (RFC 3848), UTF8SMTP... for SMTPUTF8 transactions (receivedProtocol). */
  protocol: string;
  /** The message's id, as in the 250 reply, the queue and the relay's logs: one id traces the message. */
  id: string;
  /** Set for a single-recipient message only, so other recipients are not disclosed. */
  recipient: string | null;
  date: Date;
}

/** One folded header line ending in CRLF. Control characters from the client are replaced. */
export function receivedHeader(f: ReceivedFields): string {
  const clean = (s: string) => s.replace(/[^ -~\u0080-\uffff]|[()]/g, '?');
  const from = `from ${clean(f.helo || 'unknown')} (${f.hostname ? `${clean(f.hostname)} ` : ''}[${f.ip}])`;
  const forClause = f.recipient ? `\r\n\tfor <${clean(f.recipient)}>` : '';
  return `Received: ${from}\r\n\tby ${clean(f.by)} (Relayform) with ${f.protocol} id ${clean(f.id)}${forClause};\r\n\t${rfc5322Date(f.date)}\r\n`;
}

/**
 * The `with` keyword of a transaction: smtp-server's transmission type (ESMTP, ESMTPS, ESMTPA, ESMTPSA), and for a
 * transaction with the SMTPUTF8 parameter its RFC 6531 section 3.7.3 counterpart from the RFC 3848 registry
 * (UTF8SMTP, UTF8SMTPS, UTF8SMTPA, UTF8SMTPSA).
 */
export function receivedProtocol(transmissionType: string, smtpUtf8: boolean): string {
  return smtpUtf8 ? transmissionType.replace(/^ESMTP/, 'UTF8SMTP') : transmissionType;
}

function rfc5322Date(date: Date): string {
  // toUTCString gives "Sun, 29 Nov 2026 05:00:00 GMT"; RFC 5322 prefers a numeric zone.
  return date.toUTCString().replace(/GMT$/, '+0000');
}
