// MAIL FROM parameters of one outbound transaction (SMTPUTF8, BODY=8BITMIME, SIZE): what the message needs, what the next hop offers.
import { isAscii } from 'node:buffer';
import { hasUtf8LocalPart } from '../policy/mailbox.ts';
import type { QueuedMessage } from '../store/queue-store.ts';

/** What delivery knows about a queued message's content; computed once per attempt by messageContent. */
export interface MessageContent {
  /** The relay received it with MAIL FROM's SMTPUTF8 parameter. */
  smtputf8: boolean;
  /** The relay received it with BODY=8BITMIME. */
  declared8BitMime: boolean;
  /** Some byte of the message is over 127, whatever the client declared. */
  eightBit: boolean;
  /** Received with SMTPUTF8 and its header section is not ASCII: UTF-8 header fields (RFC 6532). */
  utf8Headers: boolean;
  /** Octets, for SIZE= (RFC 1870). */
  size: number;
}

/** An outbound transaction's envelope: the addresses as sent, and the content its MAIL FROM parameters follow from. */
export interface OutboundEnvelope {
  from: string;
  to: string[];
  /** Omitted: a plain 7-bit message of unknown size (no parameters, nothing refused). */
  content?: MessageContent;
}

/** The service extensions of a next hop's EHLO reply that decide the parameters. */
export interface HopExtensions {
  smtputf8: boolean;
  eightBitMime: boolean;
  size: boolean;
  /** SIZE's fixed maximum in octets; 0 when the hop gave none. */
  maxSize: number;
}

/** What the transaction sends: BODY=8BITMIME, SIZE=n, and SMTPUTF8 (nodemailer adds it by itself only for a non-ASCII envelope). */
export interface MailParameters {
  use8BitMime: boolean;
  size: number | undefined;
  smtputf8: boolean;
}

/**
 * The next hop cannot take the message as it is: nothing of it is sent, the recipients fail with `status` and
 * are reported to the sender (RFC 3464). Shaped like nodemailer's envelope errors (code EENVELOPE, command MAIL FROM),
 * so the connection is kept for the next message and no other mail exchanger is tried.
 */
export class NextHopRefusal extends Error {
  readonly code = 'EENVELOPE';
  readonly command = 'MAIL FROM';

  constructor(readonly status: string, message: string) {
    super(message);
  }
}

/**
 * The content facts of a queued message. 8-bit content is detected by the client's BODY=8BITMIME and also by
 * looking for bytes over 127: a client that sent 8-bit data without declaring it (or with BODY=7BIT) still gets
 * no 8-bit data sent to a hop that only takes 7 bits. The scan (Node's SIMD isAscii) costs far less than the send.
 */
export function messageContent(message: Pick<QueuedMessage, 'smtputf8' | 'body'>, data: Buffer): MessageContent {
  const eightBit = !isAscii(data);
  return {
    smtputf8: message.smtputf8,
    declared8BitMime: message.body === '8BITMIME',
    eightBit,
    utf8Headers: message.smtputf8 && eightBit && !isAscii(data.subarray(0, headerEnd(data))),
    size: data.length,
  };
}

/**
 * The parameters for `envelope` towards a hop with `hop`'s extensions, or the refusal when the hop lacks one the
 * message needs:
 * - UTF-8 in a local part of the envelope (a Unicode domain is already sent as its A-label), or UTF-8 header fields
 *   of a message received with SMTPUTF8, need SMTPUTF8; without it `5.6.7`. RFC 6531 section 3.2 says an SMTPUTF8
 *   client MUST NOT send such a message to a server that does not offer the extension and must reject it or return a
 *   non-delivery notification; X.6.7 is its status code (section 3.5, "Non-ASCII addresses not permitted").
 * - 8-bit content needs 8BITMIME (RFC 6152); without it `5.6.3` "Conversion required but not supported" (RFC 3463):
 *   the relay does not convert to quoted-printable, and never sends 8-bit data to a 7-bit hop.
 * - A message over the hop's SIZE maximum gets `5.3.4` "Message too big for system" before any MAIL FROM (RFC 1870).
 * BODY=8BITMIME goes to a hop that offers 8BITMIME when the client declared it or the content is 8-bit; SIZE= to a hop
 * that offers SIZE.
 */
export function mailParameters(envelope: OutboundEnvelope, hop: HopExtensions): MailParameters | NextHopRefusal {
  const content = envelope.content;
  if (!content) return { use8BitMime: false, size: undefined, smtputf8: false };
  const utf8Envelope = hasUtf8LocalPart(envelope.from) || envelope.to.some(hasUtf8LocalPart);
  const smtputf8 = utf8Envelope || content.utf8Headers;
  if (smtputf8 && !hop.smtputf8) {
    const why = utf8Envelope ? 'an address with a UTF-8 local part' : 'UTF-8 header fields (RFC 6532)';
    return new NextHopRefusal('5.6.7', `the message has ${why}, and the next hop does not offer SMTPUTF8`);
  }
  if (content.eightBit && !hop.eightBitMime) {
    return new NextHopRefusal('5.6.3', 'the message has 8-bit content, and the next hop does not offer 8BITMIME; conversion required but not supported');
  }
  if (hop.size && hop.maxSize > 0 && content.size > hop.maxSize) {
    return new NextHopRefusal('5.3.4', `message too big for the next hop: ${content.size} bytes, it takes at most ${hop.maxSize}`);
  }
  return {
    use8BitMime: hop.eightBitMime && (content.declared8BitMime || content.eightBit),
    size: hop.size ? content.size : undefined,
    smtputf8,
  };
}

/** Where the header section ends: before the first empty line (CRLF or bare LF), else the whole message. */
function headerEnd(data: Buffer): number {
  const crlf = data.indexOf('\r\n\r\n');
  const lf = data.indexOf('\n\n');
  if (crlf < 0) return lf < 0 ? data.length : lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}
