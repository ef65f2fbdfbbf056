// A real SMTP server on loopback that records what it receives: the far end for delivery tests and benchmarks.
//
// Usage:
//   const sink = await startSmtpSink();                                  // free port on 127.0.0.1, no AUTH, no STARTTLS
//   t.after(() => sink.stop());
//   await sink.waitFor(1); sink.messages[0].to; sink.countOf('<id@x>');  // what arrived, and how often
//   startSmtpSink({ tls: true, requireTls: true, auth: { username: 'u', password: 'p', methods: ['CRAM-MD5'] } });
//   startSmtpSink({ tls: { maxVersion: 'TLSv1.1' } });                   // STARTTLS offered, handshake fails
//   startSmtpSink({ rcptReply: (rcpt, n) => (n < 2 ? '451 4.3.0 try later' : null) });   // first two RCPTs deferred
//   startSmtpSink({ dataReply: (m) => (m.to.includes('x@y') ? '554 5.6.0 rejected' : null), delayMs: 200, dropFirstData: 1 });
//   startSmtpSink({ port: oldPort });                                    // bring a stopped sink back on its port
//   startSmtpSink({ smtputf8: false, eightBitMime: false, size: 2048 }); // a 7-bit, ASCII-only hop taking 2 KB at most
//   startSmtpSink({ tls: trusted.tls, oauth2: { username: 'box@x.test', issuer, audience, jwks: () => auth.jwks() } });   // XOAUTH2 with JWTs
//   sink.revokeSeenTokens();                                             // tokens it accepted so far are refused from now on
//   sink.messages[0].mailParameters.BODY; sink.commands.filter((l) => l.startsWith('MAIL'));  // what MAIL FROM carried
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import sasl from 'smtp-server/lib/sasl.js';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Socket } from 'node:net';
import type { TlsOptions } from 'node:tls';

/** A scripted SMTP reply such as "451 4.3.0 try again later"; null/undefined lets the sink answer normally. */
export type SinkReply = string | null | undefined;

export interface SmtpSinkOptions {
  /** Loopback address to listen on (default 127.0.0.1; any of 127.0.0.0/8 works on Linux, e.g. for several MX hosts). */
  host?: string;
  /** Port to listen on (0 or omitted = a free port). Reuse a stopped sink's port to bring "the same" server back. */
  port?: number;
  /** Name in the greeting and EHLO reply. */
  name?: string;
  /** Require AUTH with these credentials before MAIL FROM. */
  auth?: { username: string; password: string; methods?: Array<'PLAIN' | 'LOGIN' | 'CRAM-MD5'> };
  /**
   * Offer STARTTLS: true = smtp-server's built-in test certificate, or TLS options (a PEM key/cert pair, or e.g.
   * `{ maxVersion: 'TLSv1.1' }` for a handshake modern clients refuse); false (default) = not at all.
   */
  tls?: boolean | Pick<TlsOptions, 'key' | 'cert' | 'minVersion' | 'maxVersion' | 'ciphers'>;
  /**
   * Require AUTH with a bearer token (XOAUTH2, and/or OAUTHBEARER which the sink adds to smtp-server) for `username`:
   * a JWT signed by one of `jwks()`, from `issuer`, for `audience`, not expired, not revoked. A refused token gets the
   * 334 error challenge, then 535, as Gmail and Microsoft 365 answer. Replaces `auth`.
   */
  oauth2?: { username: string; issuer: string; audience: string; jwks: () => JSONWebKeySet; mechanisms?: Array<'XOAUTH2' | 'OAUTHBEARER'> };
  /** Refuse MAIL FROM on a connection that did not complete STARTTLS (530 5.7.0). */
  requireTls?: boolean;
  /** Answer RCPT TO with this reply instead of 250; `n` counts RCPT commands sink-wide, from 0. */
  rcptReply?: (address: string, n: number) => SinkReply;
  /** Answer the end of DATA with this reply instead of 250; `n` counts DATA transactions sink-wide, from 0. */
  dataReply?: (message: SunkMessage, n: number) => SinkReply;
  /** Delay every MAIL, RCPT and DATA reply by this many milliseconds. */
  delayMs?: number;
  /** Drop the connection in the middle of DATA for the first N transactions (the client sees no final reply). */
  dropFirstData?: number;
  /** Advertise SMTPUTF8 (RFC 6531) in the EHLO reply (default true). Hidden, the sink still takes what it is sent, so tests see it. */
  smtputf8?: boolean;
  /** Advertise 8BITMIME (RFC 6152) in the EHLO reply (default true); hidden, as smtputf8. */
  eightBitMime?: boolean;
  /** Advertise `SIZE <n>` (RFC 1870) and refuse a MAIL FROM whose SIZE= is larger (552); default: no SIZE. */
  size?: number;
}

/** One message the sink accepted with 250. */
export interface SunkMessage {
  from: string;
  to: string[];
  messageId: string | null;
  raw: Buffer;
  /** The connection had completed STARTTLS. */
  secure: boolean;
  /** The user name the client authenticated as, or null. */
  user: string | null;
  /** MAIL FROM's parameters as the client sent them, keys in upper case (`{ SMTPUTF8: true, BODY: '8BITMIME', SIZE: '123' }`). */
  mailParameters: Record<string, string | true>;
}

/** A running sink; `stop()` must be called (use t.after / finally). */
export interface SmtpSink {
  host: string;
  port: number;
  /** Every accepted message, in order of acceptance. */
  messages: SunkMessage[];
  /**
   * Every command the sink read, in clear text or inside TLS, as `VERB` (arguments left out), across connections, in
   * order; AUTH continuation lines are not commands. Not recorded when the sink uses smtp-server's built-in
   * certificate (it then warns on stderr).
   */
  verbs: string[];
  /** Every AUTH the sink was asked to check, with the user name and the secret it was given (PLAIN/LOGIN), or null. */
  authAttempts: Array<{ method: string; username: string; secret: string | null; secure: boolean }>;
  /** Closes every open client connection (a pooled client must connect, and authenticate, again). */
  dropConnections(): void;
  /** Refuses every bearer token accepted so far (as a revoked grant or rotated keys would), from the next AUTH on. */
  revokeSeenTokens(): void;
  /** The bytes clients sent before any TLS handshake, all connections together (what a passive eavesdropper reads). */
  readonly plaintext: Buffer;
  /** TCP connections accepted so far (pooled clients reuse them across messages). */
  readonly connections: number;
  /**
   * Every command line clients sent in clear text, in order, without the DATA content: the bytes as they arrived,
   * decoded as UTF-8 (the hooks' addresses have A-label domains decoded to Unicode by smtp-server; these do not).
   */
  commands: string[];
  /** How many accepted messages carried this Message-ID (with or without angle brackets). */
  countOf(messageId: string): number;
  /** Resolves once at least `count` messages were accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SunkMessage[]>;
  stop(): Promise<void>;
}

function replyError(reply: string): Error & { responseCode: number } {
  const match = /^(\d{3})\s+(.*)$/s.exec(reply);
  if (!match) throw new Error(`scripted reply must start with a 3-digit code: ${reply}`);
  return Object.assign(new Error(match[2]), { responseCode: Number(match[1]) });
}

function messageIdOf(raw: Buffer): string | null {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, headerEnd < 0 ? raw.length : headerEnd).toString('latin1');
  const match = /^message-id:[ \t]*(.+?)\s*$/im.exec(headers.replace(/\r\n[ \t]+/g, ' '));
  return match ? match[1].replace(/^<|>$/g, '') : null;
}

/**
 * Copies the client's command lines of one connection into `commands` (a second reader of the socket besides
 * smtp-server's): lines between a DATA that got 354 and the end-of-data dot are content, not commands. A DATA the
 * server refused leaves the reader thinking it is in content until a lone dot, which only matters to tests that
 * send commands after a refused DATA. Lines after STARTTLS are encrypted and not recorded.
 */
function recordCommands(socket: Socket, commands: string[]): void {
  let pending = Buffer.alloc(0);
  let inData = false;
  let secure = false;
  socket.on('data', (chunk: Buffer) => {
    if (secure) return;
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
      const line = pending.subarray(0, end).toString('utf8');
      pending = pending.subarray(end + 2);
      if (inData) {
        inData = line !== '.';
        continue;
      }
      commands.push(line);
      if (/^DATA$/i.test(line)) inData = true;
      if (/^STARTTLS$/i.test(line)) secure = true;
    }
  });
}

interface SaslConnection {
  _server: { onAuth(auth: object, session: SMTPServerSession, cb: (err: Error | null, res?: { user?: string }) => void): void };
  session: SMTPServerSession & { user?: unknown };
  _nextHandler: ((data: string, cb: () => void) => void) | false;
  send(code: number, text?: string): void;
}
type SaslStep = (this: SaslConnection, args: string[], callback: () => void) => void;

/**
 * OAUTHBEARER (RFC 7628) for smtp-server, which implements XOAUTH2 only: the sink's own parser, registered on
 * smtp-server's mechanism table for this test process. Initial response only; a refusal sends the error
 * challenge and answers the client's ^A with 535.
 */
function oauthbearer(this: SaslConnection, args: string[], callback: () => void): void {
  const message = Buffer.from(args[0] ?? '', 'base64').toString('utf8');
  const [gs2, ...pairs] = message.split('\x01');
  const authzid = /^n,a=([^,]*),$/.exec(gs2)?.[1]?.replace(/=2C/g, ',').replace(/=3D/g, '=');
  const auth = pairs.find((p) => p.startsWith('auth='))?.slice(5) ?? '';
  const token = /^Bearer (.+)$/i.exec(auth)?.[1];
  if (!authzid || !token) {
    this.send(501, 'Error: invalid OAUTHBEARER message');
    return callback();
  }
  this._server.onAuth({ method: 'OAUTHBEARER', username: authzid, accessToken: token }, this.session, (err, res) => {
    if (err || !res?.user) {
      this._nextHandler = (_data, done) => {
        this.send(535, '5.7.8 Authentication credentials invalid');
        done();
      };
      this.send(334, Buffer.from(JSON.stringify({ status: 'invalid_token', schemes: 'bearer' })).toString('base64'));
      return callback();
    }
    this.session.user = res.user;
    this.send(235, 'Authentication successful');
    callback();
  });
}
(sasl as unknown as Record<string, SaslStep>).SASL_OAUTHBEARER = oauthbearer;

/** Starts a sink on 127.0.0.1 and resolves once it listens. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Map<number, Socket>();
  let connections = 0;
  let rcptCount = 0;
  let dataCount = 0;
  const delay = () => (options.delayMs ? new Promise((r) => setTimeout(r, options.delayMs)) : Promise.resolve());
  const tls = options.tls ?? false;
  const host = options.host ?? '127.0.0.1';
  const methods = options.oauth2 ? (options.oauth2.mechanisms ?? ['XOAUTH2']) : options.auth?.methods ?? ['PLAIN', 'LOGIN', 'CRAM-MD5'];
  const seenTokens = new Set<string>();
  const revokedTokens = new Set<string>();
  /** The bearer token's verdict: signature by the current keys, issuer, audience, expiry, not revoked, and for this mailbox. */
  const bearerValid = async (username: string, token: string): Promise<boolean> => {
    const oauth2 = options.oauth2;
    if (!oauth2 || username !== oauth2.username || revokedTokens.has(token)) return false;
    try {
      await jwtVerify(token, createLocalJWKSet(oauth2.jwks()), { issuer: oauth2.issuer, audience: oauth2.audience });
    } catch {
      return false;
    }
    seenTokens.add(token);
    return true;
  };
  const commands: string[] = [];
  const verbs: string[] = [];
  const authAttempts: SmtpSink['authAttempts'] = [];
  const plaintext: Buffer[] = [];
  const commandLog = (entry: { tnx?: string; command?: string }) => {
    if (entry?.tnx === 'command' && entry.command) verbs.push(entry.command.toUpperCase());
  };
  const quiet = () => undefined;

  const server = new SMTPServer({
    name: options.name ?? 'sink.test',
    logger: tls === true || (typeof tls === 'object' && !tls.cert) ? false : { debug: commandLog, info: quiet, warn: quiet, error: quiet, trace: quiet, fatal: quiet },
    closeTimeout: 100,
    disableReverseLookup: true,
    hideENHANCEDSTATUSCODES: true,
    hideSMTPUTF8: options.smtputf8 === false,
    hide8BITMIME: options.eightBitMime === false,
    ...(options.size === undefined ? {} : { size: options.size }),
    disabledCommands: [...(tls === false ? ['STARTTLS'] : []), ...(options.auth || options.oauth2 ? [] : ['AUTH'])],
    ...(typeof tls === 'object' ? tls : {}),
    authOptional: !options.auth && !options.oauth2,
    authMethods: methods,
    allowInsecureAuth: true,
    onAuth(auth: SMTPServerAuthentication, session, callback) {
      authAttempts.push({ method: auth.method, username: auth.username ?? '', secret: auth.password ?? auth.accessToken ?? null, secure: session.secure });
      const method: string = auth.method;
      if (method === 'XOAUTH2' || method === 'OAUTHBEARER') {
        const username = auth.username ?? '';
        void bearerValid(username, auth.accessToken ?? '').then((ok) => callback(null, ok
          ? { user: username }
          // smtp-server sends this as the 334 error challenge, then 535 to the client's empty line.
          : { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } } as unknown as { user: string }));
        return;
      }
      const expected = options.auth;
      const ok = expected !== undefined && auth.username === expected.username &&
        (auth.method === 'CRAM-MD5' ? auth.validatePassword(expected.password) : auth.password === expected.password);
      if (!ok) return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, session, callback) {
      void delay().then(() => {
        if (options.requireTls && !session.secure) return callback(replyError('530 5.7.0 Must issue a STARTTLS command first'));
        callback();
      });
    },
    onRcptTo(address, _session, callback) {
      const reply = options.rcptReply?.(address.address, rcptCount++);
      void delay().then(() => callback(reply ? replyError(reply) : undefined));
    },
    onData(stream, session, callback) {
      const n = dataCount++;
      const chunks: Buffer[] = [];
      if (n < (options.dropFirstData ?? 0)) {
        stream.once('data', () => sockets.get(session.remotePort)?.destroy());
        stream.resume();
        return;
      }
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = record(session, Buffer.concat(chunks));
        const reply = options.dataReply?.(message, n);
        void delay().then(() => {
          if (reply) return callback(replyError(reply));
          messages.push(message);
          for (const wake of waiters) wake();
          callback(null, `2.0.0 Ok: queued as ${messages.length}`);
        });
      });
    },
  });

  function record(session: SMTPServerSession, raw: Buffer): SunkMessage {
    const envelope = session.envelope;
    return {
      from: envelope.mailFrom ? envelope.mailFrom.address : '',
      to: envelope.rcptTo.map((r) => r.address),
      messageId: messageIdOf(raw),
      raw,
      secure: session.secure,
      user: typeof session.user === 'string' ? session.user : null,
      mailParameters: { ...(envelope.mailFrom ? envelope.mailFrom.args || {} : {}) },
    };
  }

  // A client that breaks the protocol or the TLS handshake is that test's business, not a crash of the sink.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    connections++;
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
    // Once smtp-server wraps the socket for TLS the handle feeds the TLS layer directly: only clear text lands here.
    socket.on('data', (chunk: Buffer) => plaintext.push(chunk));
    recordCommands(socket, commands);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host,
    port,
    messages,
    commands,
    verbs,
    authAttempts,
    dropConnections() {
      for (const socket of sockets.values()) socket.destroy();
    },
    revokeSeenTokens() {
      for (const token of seenTokens) revokedTokens.add(token);
    },
    get plaintext() {
      return Buffer.concat(plaintext);
    },
    get connections() {
      return connections;
    },
    countOf: (id) => messages.filter((m) => m.messageId === id.replace(/^<|>$/g, '')).length,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`smtp sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
