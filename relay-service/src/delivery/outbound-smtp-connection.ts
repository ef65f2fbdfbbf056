// The SMTPConnection delivery uses: DATA escaping, plus MAIL FROM parameters chosen from the message and the next hop's EHLO reply.
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import { mailParameters, NextHopRefusal, type HopExtensions, type OutboundEnvelope } from './mail-parameters.ts';
import { oauth2AuthMethod } from './oauth2-sasl.ts';
import { EscapingSmtpConnection } from './smtp-data-escaping.ts';

/** The fields of nodemailer's SMTPConnection that hold what the server offered in its EHLO reply. */
interface LibraryExtensions {
  _supportedExtensions?: unknown;
  _maxAllowedSize?: unknown;
  /** The EHLO reply's lines after the first. */
  _ehloLines?: unknown;
}

/**
 * The SASL mechanisms on the server's AUTH line(s), upper case. nodemailer keeps only those it implements
 * itself (no OAUTHBEARER), so the bearer token handler reads the reply's lines; none when their shape changes.
 */
export function saslMechanisms(smtp: SMTPConnection): string[] {
  const { _ehloLines: lines } = smtp as unknown as LibraryExtensions;
  if (!Array.isArray(lines)) return [];
  const found = new Set<string>();
  for (const line of lines) {
    const match = typeof line === 'string' ? /^AUTH[\s=](.*)/i.exec(line) : null;
    for (const mechanism of match ? match[1].split(/[\s=]+/) : []) if (mechanism) found.add(mechanism.toUpperCase());
  }
  return [...found];
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

/** SMTPConnection's options plus a check of the peer once STARTTLS completed. */
export interface OutboundConnectionOptions extends SMTPConnectionOptions {
  /**
   * Runs on the TLS socket right after the STARTTLS handshake, before the second EHLO: an error it returns ends the
   * session with that error (command STARTTLS), so nothing of AUTH, the envelope or the message reaches the peer.
   * Covers what Node's own verification cannot (DANE: TLSA records instead of the CA chain).
   */
  peerCheck?: (socket: TLSSocket) => Error | undefined;
}

/** The parts of nodemailer's SMTPConnection the STARTTLS check hooks into (internal, hence not in its typings). */
interface LibraryInternals {
  _upgradeConnection(callback: (err: Error | null, secured?: boolean) => void): void;
  _onError(err: Error, type: string, data: unknown, command: string): void;
  _socket: unknown;
}

type LoginAuth = Parameters<SMTPConnection['login']>[0];
type LoginCallback = Parameters<SMTPConnection['login']>[1];
type SendCallback = Parameters<SMTPConnection['send']>[2];

/**
 * EscapingSmtpConnection whose send() takes an OutboundEnvelope: MAIL FROM gets BODY=8BITMIME, SIZE= and SMTPUTF8 as
 * mailParameters decides for this server, and a message the server cannot take fails with a NextHopRefusal before
 * any command of it is sent. nodemailer itself adds SMTPUTF8 only for non-ASCII addresses; for UTF-8 header fields
 * behind an ASCII envelope it is added to the MAIL command here.
 */
export class OutboundSmtpConnection extends EscapingSmtpConnection {
  private smtputf8 = false;

  /** Logs in; a bearer token login (oauth2 routes) is also told which SASL mechanisms the server offered. */
  override login(auth: LoginAuth, callback: LoginCallback): void {
    const options = (auth as { options?: unknown }).options;
    if ((auth as { method?: string }).method === oauth2AuthMethod && options && typeof options === 'object') {
      super.login({ ...auth, options: { ...options, mechanisms: saslMechanisms(this) } } as LoginAuth, callback);
      return;
    }
    super.login(auth, callback);
  }

  /** nodemailer's STARTTLS upgrade, followed by `peerCheck` on the new TLS socket before the session goes on. */
  _upgradeConnection(callback: (err: Error | null, secured?: boolean) => void): void {
    const internals = EscapingSmtpConnection.prototype as unknown as LibraryInternals;
    const check = (this.options as OutboundConnectionOptions).peerCheck;
    internals._upgradeConnection.call(this, (err, secured) => {
      const self = this as unknown as LibraryInternals;
      const refusal = !err && secured && check ? check(self._socket as TLSSocket) : undefined;
      if (refusal) return self._onError(refusal, 'ETLS', false, 'STARTTLS');
      callback(err, secured);
    });
  }

  /** After STARTTLS, why Node would not trust the peer's certificate for the name asked (checked even when not enforced); else null. */
  get authorizationError(): string | null {
    const socket = (this as unknown as LibraryInternals)._socket as TLSSocket | undefined;
    return !this.secure || socket?.authorized ? null : String(socket?.authorizationError ?? 'not verified');
  }

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
