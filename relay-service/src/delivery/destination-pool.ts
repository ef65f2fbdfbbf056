// The SMTP connections to one next hop with one set of credentials: opened on demand, one transaction at a time each, reused.
import type { SMTPConnectionAuth, SMTPConnectionOptions, SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import { ECONNECTION, EENVELOPE, EMESSAGE, isTransientError, type NodemailerError } from 'nodemailer/lib/errors';
import type { OutboundEnvelope } from './mail-parameters.ts';
import { OutboundSmtpConnection } from './outbound-smtp-connection.ts';
import { TlsFailureError } from './tls-failure.ts';

interface Job {
  envelope: OutboundEnvelope;
  raw: Buffer;
  resolve(info: SMTPConnectionSendInfo): void;
  reject(err: unknown): void;
  /** The refusal this send settles with once the session is reset. */
  error?: NodemailerError;
}

interface Connection {
  smtp: OutboundSmtpConnection;
  /** The job this connection is being opened for or is sending; null while idle or resetting. */
  job: Job | null;
  /** Greeting, EHLO, STARTTLS and AUTH are done: errors now belong to the transaction in flight. */
  ready: boolean;
  /** Transactions finished on this connection, accepted or refused. */
  transactions: number;
  openedAt: number;
  idleSince: number;
}

/** How many connections a pool may hold and for how long one is reused. */
export interface DestinationLimits {
  maxConnections: number;
  /** A connection this old takes no further message (Postfix's smtp_connection_reuse_time_limit). */
  reuseTimeLimitMs: number;
}

/**
 * How opening a session went: it is ready (encrypted or not; `authorizationError` says why Node would not trust the
 * certificate, null when it would), or it failed with `error` before any transaction.
 */
export type SessionReport = { secure: boolean; authorizationError?: string | null } | { error: unknown };

/** A connection error for a send that had no SMTP error of its own (the pool was closed, the connection ended). */
export function connectionError(message: string): NodemailerError {
  return Object.assign(new Error(message), { code: ECONNECTION, command: 'CONN' });
}

/**
 * Up to `maxConnections` connections, each carrying one transaction at a time; sends wait while all are busy, first
 * attempts in a FIFO ahead of retries in their own FIFO, so a drained backlog does not hold fresh mail back. A connection is kept for the next message until it fails, the server closes it, it idles too long or it
 * reaches the reuse time limit (no limit on the number of messages, as in Postfix).
 * After a refused envelope or message (5xx/4xx other than 421) the session is reset and kept; after any other
 * error the connection is closed. A send that finds a reused connection dead before the server answered anything
 * of it (the server closed it while idle) is sent again, once, over a fresh connection.
 */
export class DestinationPool {
  private readonly connections = new Set<Connection>();
  /** Idle connections, most recently used last: the next send takes it, so surplus connections age out. */
  private readonly idle: Connection[] = [];
  /** Sends waiting for a connection: first attempts, served before `waitingRetries`. */
  private readonly waiting: Job[] = [];
  /** Sends of messages tried before (deferred mail), served when no first attempt waits. */
  private readonly waitingRetries: Job[] = [];

  constructor(private readonly options: SMTPConnectionOptions, private readonly auth: SMTPConnectionAuth | undefined,
    private readonly limits: DestinationLimits, private readonly report: (session: SessionReport) => void = () => undefined) {}

  /**
   * Sends `raw`; resolves with what the server said, rejects with SMTPConnection's error for the transaction.
   * `retry`: the message was tried before; it waits behind every first attempt.
   */
  send(envelope: OutboundEnvelope, raw: Buffer, retry = false): Promise<SMTPConnectionSendInfo> {
    return new Promise((resolve, reject) => {
      (retry ? this.waitingRetries : this.waiting).push({ envelope, raw, resolve, reject });
      this.dispatch();
    });
  }

  /** True when the pool has no connection and no send waiting. */
  get empty(): boolean {
    return this.connections.size === 0 && !this.hasWaiting();
  }

  private hasWaiting(): boolean {
    return this.waiting.length > 0 || this.waitingRetries.length > 0;
  }

  /** The next send to start: the oldest first attempt, else the oldest retry. */
  private nextWaiting(): Job | undefined {
    return this.waiting.shift() ?? this.waitingRetries.shift();
  }

  /** Says QUIT on idle connections unused since `cutoff` (epoch ms). */
  closeIdle(cutoff: number): void {
    for (const conn of this.idle.filter((c) => c.idleSince <= cutoff)) this.retire(conn);
  }

  /** Closes every connection; waiting and running sends fail with `reason`. */
  close(reason: () => Error): void {
    for (const job of [...this.waiting.splice(0), ...this.waitingRetries.splice(0)]) job.reject(reason());
    for (const conn of [...this.connections]) {
      const job = conn.job;
      conn.job = null;
      this.forget(conn);
      conn.smtp.close();
      job?.reject(job.error ?? reason());
    }
  }

  private dispatch(): void {
    while (this.hasWaiting()) {
      const conn = this.idle.pop();
      if (conn && this.expired(conn)) this.retire(conn);
      else if (conn) this.transact(conn, this.nextWaiting()!);
      else if (this.connections.size < this.limits.maxConnections) this.open(this.nextWaiting()!);
      else return;
    }
  }

  private open(job: Job): void {
    const smtp = new OutboundSmtpConnection(this.options);
    const conn: Connection = { smtp, job, ready: false, transactions: 0, openedAt: Date.now(), idleSince: 0 };
    this.connections.add(conn);
    const failOpen = (err: unknown) => {
      if (conn.job !== job) return;
      this.report({ error: err });
      conn.job = null;
      this.drop(conn);
      job.reject(err);
    };
    // Once ready, the send callback gets the error of a transaction; an idle connection's error is followed by 'end'.
    smtp.on('error', (err) => {
      if (!conn.ready) failOpen(err);
    });
    smtp.once('end', () => {
      this.forget(conn);
      // SMTPConnection ends itself before it calls back with the error that ended it; a send it dropped without one fails here.
      setImmediate(() => {
        const orphan = conn.job;
        conn.job = null;
        orphan?.reject(orphan.error ?? connectionError('Connection closed unexpectedly'));
        this.dispatch();
      });
    });
    smtp.connect((err) => {
      if (err) return failOpen(err);
      if (!this.auth || !smtp.allowsAuth) return this.start(conn, job);
      // The transport requires STARTTLS for every route with credentials; this holds even if that ever changed.
      if (!smtp.secure) {
        return failOpen(new TlsFailureError({ status: '4.7.4', reason: 'the session is not encrypted: credentials are never sent in clear text', result: 'starttls_missing' }));
      }
      smtp.login(this.auth, (loginErr) => (loginErr ? failOpen(loginErr) : this.start(conn, job)));
    });
  }

  private start(conn: Connection, job: Job): void {
    if (conn.job !== job) return;
    this.report({ secure: conn.smtp.secure, authorizationError: conn.smtp.authorizationError });
    conn.ready = true;
    this.transact(conn, job);
  }

  private transact(conn: Connection, job: Job): void {
    const { smtp } = conn;
    conn.job = job;
    const reused = conn.transactions > 0;
    // Tells afterwards whether the server answered any command of this transaction (the message goes out only after DATA's 354).
    smtp.lastServerResponse = false;
    smtp.send({ from: job.envelope.from, to: job.envelope.to, content: job.envelope.content }, job.raw, (err, info) => {
      if (conn.job !== job) return;
      conn.transactions++;
      if (!err) {
        conn.job = null;
        this.release(conn);
        job.resolve(info);
        return;
      }
      const unanswered = smtp.lastServerResponse === false || (err.command === 'MAIL FROM' && err.responseCode === 421);
      if (reused && unanswered && isTransientError(err)) {
        conn.job = null;
        this.forget(conn);
        smtp.close();
        this.open(job);
        return;
      }
      if ((err.code === EENVELOPE || err.code === EMESSAGE) && err.responseCode !== 421 && !smtp.destroyed) {
        // The server refused this message, not the session: RSET and keep the connection. The send settles once the
        // session is clean, so the next message can have this connection.
        job.error = err;
        smtp.reset((resetErr) => {
          if (conn.job !== job) return;
          conn.job = null;
          if (resetErr) this.drop(conn);
          else this.release(conn);
          job.reject(err);
        });
        return;
      }
      conn.job = null;
      this.drop(conn);
      job.reject(err);
    });
  }

  /** Hands a connection that finished a transaction to the next waiting send, or parks it as idle. */
  private release(conn: Connection): void {
    if (!this.connections.has(conn) || conn.smtp.destroyed) return;
    if (this.expired(conn)) {
      this.retire(conn);
      return this.dispatch();
    }
    const next = this.nextWaiting();
    if (next) return this.transact(conn, next);
    conn.idleSince = Date.now();
    this.idle.push(conn);
  }

  private expired(conn: Connection): boolean {
    return Date.now() - conn.openedAt >= this.limits.reuseTimeLimitMs;
  }

  /** Ends a healthy connection politely. */
  private retire(conn: Connection): void {
    this.forget(conn);
    conn.smtp.quit();
  }

  private drop(conn: Connection): void {
    this.forget(conn);
    conn.smtp.close();
    this.dispatch();
  }

  private forget(conn: Connection): void {
    this.connections.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }
}
