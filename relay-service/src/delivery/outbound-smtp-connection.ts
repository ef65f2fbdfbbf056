// The SMTPConnection delivery uses: DATA escaping, plus MAIL FROM parameters chosen from the message and the next hop's EHLO reply.
import type { Readable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { mailParameters, NextHopRefusal, type HopExtensions, type OutboundEnvelope } from './mail-parameters.ts';
import { EscapingSmtpConnection } from './smtp-data-escaping.ts';

/** The fields of nodemailer's SMTPConnection that hold what the server offered in its EHLO reply. */
interface LibraryExtensions {
  _supportedExtensions?: unknown;
  _maxAllowedSize?: unknown;
}

/**
 * What the connected server offered, as nodemailer parsed its EHLO reply (after STARTTLS, the reply inside TLS).
 * These are the library's internals; should they change shape, the server is taken to offer none of the
 * extensions, so mail that needs one fails with a clear status instead of going out without it.
 */
export function hopExtensions(smtp: SMTPConnection): HopExtensions {
  const { _supportedExtensions: offered, _maxAllowedSize: max } = smtp as unknown as LibraryExtensions;
  const has = (name: string) => Array.isArray(offered) && offered.includes(name);
  return { smtputf8: has('SMTPUTF8'), eightBitMime: has('8BITMIME'), size: has('SIZE'), maxSize: typeof max === 'number' ? max : 0 };
}

type SendCallback = Parameters<SMTPConnection['send']>[2];

/**
 * EscapingSmtpConnection whose send() takes an OutboundEnvelope: MAIL FROM gets BODY=8BITMIME, SIZE= and SMTPUTF8 as
 * mailParameters decides for this server, and a message the server cannot take fails with a NextHopRefusal before
 * any command of it is sent. nodemailer itself adds SMTPUTF8 only for non-ASCII addresses; for UTF-8 header fields
 * behind an ASCII envelope it is added to the MAIL command here.
 */
export class OutboundSmtpConnection extends EscapingSmtpConnection {
  private smtputf8 = false;

  override send(envelope: OutboundEnvelope, message: string | Buffer | Readable, callback: SendCallback): void {
    const parameters = mailParameters(envelope, hopExtensions(this));
    if (parameters instanceof NextHopRefusal) {
      // Asynchronous like every answer of the library's send().
      setImmediate(() => (callback as (err: Error) => void)(parameters));
      return;
    }
    this.smtputf8 = parameters.smtputf8;
    super.send({ from: envelope.from, to: envelope.to, use8BitMime: parameters.use8BitMime, size: parameters.size }, message, callback);
  }

  _sendCommand(command: string, logCommand?: string): void {
    const send = (EscapingSmtpConnection.prototype as unknown as { _sendCommand: (c: string, l?: string) => void })._sendCommand;
    // The parameters follow the path's closing ">" (nodemailer refuses addresses with "<" or ">" in them).
    const mail = this.smtputf8 && /^MAIL FROM:/i.test(command);
    const upgraded = mail && !/ SMTPUTF8\b/i.test(command.slice(command.lastIndexOf('>'))) ? `${command} SMTPUTF8` : command;
    send.call(this, upgraded, logCommand);
  }
}
