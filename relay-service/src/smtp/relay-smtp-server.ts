// smtp-server with replies that carry the hooks' own enhanced status codes and RFC 3207's 530 for AUTH before STARTTLS.
import { randomUUID } from 'node:crypto';
import type net from 'node:net';
import type tls from 'node:tls';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { SMTPConnection, socketTimeout, type SMTPConnectionOptions } from 'smtp-server/lib/smtp-connection.js';
import { BatchReplies } from './batch-replies.ts';
import { onLineFeed, RecordDeadline } from './record-deadline.ts';
import { runSaslCommand } from './sasl/sasl-command.ts';
import { traceSession } from '../step-trace.ts';
import type { SaslMechanism } from './sasl/sasl-mechanism.ts';

const enhancedStatus = /^[245]\.\d{1,3}\.\d{1,3} /;

/** SMTP connections open in this process, on every listener (replaced listeners' sessions included until they end). */
let openConnections = 0;

/** How many SMTP sessions this process holds open now (the enqueue path asks whether a session is alone). */
export function openSmtpSessions(): number {
  return openConnections;
}

/** Parsed MAIL FROM / RCPT TO addresses whose command line had characters outside ASCII. */
const writtenInUtf8 = new WeakSet<SMTPServerAddress>();

/**
 * True when the client wrote `address` (a hook's argument) with characters outside ASCII, which RFC 6531 allows only
 * after MAIL FROM's SMTPUTF8 parameter. The address itself cannot tell: smtp-server hands the hooks a domain decoded
 * to Unicode also when the client sent its ASCII A-label.
 */
export function writtenInUtf8Address(address: SMTPServerAddress): boolean {
  return writtenInUtf8.has(address);
}

/**
 * smtp-server derives the enhanced status from the reply code alone (550 -> 5.1.1), which
 * is wrong for policy refusals (550 5.7.1). A reply text that starts with an enhanced
 * status is therefore sent unchanged. The library's non-standard 538 for AUTH before
 * STARTTLS becomes RFC 3207's `530 5.7.0 Must issue a STARTTLS command first`. While
 * STARTTLS is on offer, the EHLO reply does not advertise AUTH: credentials are only
 * asked for inside TLS (Postfix's smtpd_tls_auth_only). The greeting goes out as soon as the
 * connect hook admitted the client, without the library's fixed 100 ms "early talker" pause
 * (Postfix's smtpd does not pause either); a command sent before the greeting is still
 * answered `421 You talk too soon`. A line that does not arrive complete within the connection
 * timeout (a slowloris client trickling bytes) gets `421 4.4.2` and the connection is closed. Addresses the client
 * wrote in UTF-8 are marked for the hooks (writtenInUtf8Address). The replies to a pipelined batch of commands leave
 * in one write (BatchReplies).
 */
class RelaySmtpConnection extends SMTPConnection {
  private deadline: RecordDeadline | undefined;
  /** Made by the first _createParser(), which the library's constructor calls: a field initializer would run after it. */
  private declare batchReplies: BatchReplies | undefined;

  /**
   * AUTH for a mechanism of the relay's own SASL layer (RelaySmtpServer.saslMechanisms) runs here, with the library's
   * checks first (STARTTLS before AUTH, one identity per session, the mechanism on offer); other mechanisms are the
   * library's.
   */
  override handler_AUTH(command: Buffer, callback: () => void): void {
    const [, method = '', initial, ...rest] = command.toString().trim().split(/\s+/);
    const mechanism = (this._server as RelaySmtpServer).saslMechanisms(this.session).find((m) => m.name === method.toUpperCase());
    if (!mechanism) return super.handler_AUTH(command, callback);
    if (!this.secure && this._isSupported('STARTTLS')) {
      this.send(538, 'Error: Must issue a STARTTLS command first');
      return callback();
    }
    if (this.session.user) {
      this.send(503, '5.5.1 Error: No identity changes permitted');
      return callback();
    }
    if (!this._server.options.authMethods?.includes(mechanism.name) || rest.length) {
      this.send(rest.length ? 501 : 504, rest.length ? '5.5.4 Syntax: AUTH mechanism [initial-response]' : '5.5.4 Error: Unrecognized authentication type');
      return callback();
    }
    runSaslCommand(this, mechanism, initial, callback);
  }

  override _parseAddressCommand(name: string, command: Buffer | string): ReturnType<SMTPConnection['_parseAddressCommand']> {
    const parsed = super._parseAddressCommand(name, command);
    // ESMTP parameters are xtext (ASCII), so anything beyond ASCII on the line is in the address.
    if (parsed && /[\u0080-\uffff]/.test(command.toString())) writtenInUtf8.add(parsed);
    return parsed;
  }

  override _createParser(): ReturnType<SMTPConnection['_createParser']> {
    this.batchReplies ??= new BatchReplies();
    return this.batchReplies.wrap(onLineFeed(super._createParser(), () => this.deadline?.restart()), () => this._socket);
  }

  /** The parser waits for the socket to drain: the replies held for a batch go now, or it never would. */
  override _whenWritable(next: () => void): void {
    if (this._socket.writableNeedDrain) this.batchReplies?.release();
    super._whenWritable(next);
  }

  /**
   * QUIT: the 221, then the connection is closed at once, as Postfix's smtpd does (RFC 5321 4.1.1.10: reply, then close
   * the channel), not half-closed and read on until the client's FIN or reset (the library's close()). A client that
   * closes without reading the 221 (Postfix's smtp_skip_quit_response, smtp-source) answers it with a reset, which that
   * read turned into an error object with a source-mapped stack trace in every such session. Only a plain TCP socket that
   * took the 221 whole: TLS ends with close_notify (the library's end()), and a reply still buffered is not dropped.
   */
  override handler_QUIT(command: Buffer, callback: () => void): void {
    super.handler_QUIT(command, callback);
    const socket = this._socket;
    if (!this.secure && !socket.destroyed && socket.writableLength === 0) socket.destroy();
  }

  /** STARTTLS's 220 (and what the batch got before it) leaves before the TLS handshake starts on the socket. */
  override upgrade(callback: () => void, secureCallback?: () => void): void {
    this.batchReplies?.release();
    super.upgrade(callback, secureCallback);
  }

  override init(): void {
    this.deadline = new RecordDeadline(socketTimeout(this._server.options), () => {
      if (this._closing) return true;
      // Waiting for our own hook (DNS, storage) is not the client's delay.
      if (this._handlerPending || (this._dataStream && this._parser && !this._parser._dataMode)) return false;
      this.send(421, '4.4.2 Timeout: a line took too long to arrive, closing connection');
      return true;
    });
    this._socket.once('close', () => this.deadline?.stop());
    this._setListeners(() => {
      const { maxClients } = this._server.options;
      if (maxClients && this._server.connections.size > maxClients) {
        return this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
      }
      this.connectionReady();
    });
  }

  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    traceSession(this.session, replyStep(code, data, context));
    if (code === 538) return super.send(530, '5.7.0 Must issue a STARTTLS command first', false);
    if (code === 250 && Array.isArray(data) && !this.secure && data.includes('STARTTLS')) {
      return super.send(code, data.filter((line) => !line.startsWith('AUTH ')), context);
    }
    if (typeof data === 'string' && enhancedStatus.test(data)) return super.send(code, data, false);
    super.send(code, data, context);
  }
}

/**
 * SMTPServer whose connections are RelaySmtpConnection; otherwise the library's connect(). A listener that takes no
 * PROXY protocol header (no relay listener does) starts the session on the accepting turn of the event loop: the
 * library would hand every socket over one turn later (setImmediate), tens to hundreds of microseconds before the
 * greeting for nothing.
 */
export class RelaySmtpServer extends SMTPServer {
  /** The mechanisms of the relay's own SASL layer available to a session (offered only when also in options.authMethods). */
  saslMechanisms: (session: SMTPServerSession) => SaslMechanism[] = () => [];

  override _handleProxy(socket: net.Socket, callback: Parameters<SMTPServer['_handleProxy']>[1]): void {
    if (this.options.useProxy) return super._handleProxy(socket, callback);
    // A session id of 16 hex digits (64 bits) from Node's pooled UUID entropy, not a randomBytes() call per connection.
    callback(null, { id: randomUUID().replaceAll('-', '').slice(0, 16) });
  }

  override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const connection = new RelaySmtpConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (err: Error) => this._onError(err));
    connection.on('connect', (data: Parameters<SMTPServer['_onClientConnect']>[0]) => this._onClientConnect(data));
    traceSession(connection.session, 'connect');
    openConnections += 1;
    socket.once('close', () => { openConnections -= 1; });
    connection.init();
  }
}

/** The step-trace name of a reply: which command it answers, as far as the code and the library's context tell. */
function replyStep(code: number, data: string | string[] | null | undefined, context: string | false | undefined): string {
  if (code === 220) return 'greeting_sent';
  if (code === 221) return 'quit_replied';
  if (code === 354) return 'data_354';
  if (context === 'DATA_OK') return 'data_replied';
  if (code === 250) return Array.isArray(data) ? 'ehlo_replied' : 'replied_250';
  return `replied_${code}`;
}
