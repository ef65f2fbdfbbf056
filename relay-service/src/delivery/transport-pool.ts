// Pooled nodemailer SMTP transports, one per destination + security, reused across messages and closed when idle.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import nodemailer, { type Mail, type SMTPPoolOptions, type SMTPPoolSentMessageInfo } from 'nodemailer';
import type { OutboundSecurity } from '../config/model.ts';

/** Where to connect: the address, the host name it stands for (TLS SNI, logs), the port. */
export interface Destination {
  address: string;
  host: string;
  port: number;
}

/** How to talk to the destination. `password` is the clear outbound password, or null. */
export interface Credentials {
  security: Pick<OutboundSecurity, 'authentication' | 'username'>;
  password: string | null;
  requireTls: boolean;
  /** Never try STARTTLS: the retry after an opportunistic handshake failed (ignored when requireTls). */
  plaintext?: boolean;
  /** The EHLO name: the virtual server's fqdn. */
  ehloName: string;
}

/** What the next hop said about one SMTP transaction (nodemailer's result, trimmed to what delivery reads). */
export interface SendResult {
  accepted: string[];
  rejectedErrors: Array<{ recipient?: string; response?: string; responseCode?: number }>;
  response: string;
}

export interface TransportPoolOptions {
  /** Pools unused this long are closed (default 60 s). */
  idleMs?: number;
  /** Parallel connections per destination (default 5). */
  maxConnections?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

interface PoolEntry {
  transport: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  inFlight: number;
  lastUsed: number;
}

/**
 * Keeps one pooled transport per (destination, credentials). Retries belong to the queue, so the pools never
 * re-send a message on their own (maxRequeues 0). TLS "required" means encrypted (Postfix's "encrypt" level):
 * the peer certificate is not verified, as the IIS setting never did.
 */
export class TransportPool {
  private readonly pools = new Map<string, PoolEntry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: TransportPoolOptions = {}) {
    const idleMs = options.idleMs ?? 60_000;
    this.sweeper = setInterval(() => this.closeIdle(idleMs), Math.max(idleMs / 2, 50));
    this.sweeper.unref();
  }

  /** Sends `raw` with the given envelope (from "" = null sender). Rejects with nodemailer's error when the whole transaction failed. */
  async send(destination: Destination, credentials: Credentials, envelope: { from: string; to: string[] }, raw: Buffer): Promise<SendResult> {
    const entry = this.entryFor(destination, credentials);
    entry.inFlight++;
    try {
      const info = await entry.transport.sendMail({ envelope, raw });
      return { accepted: info.accepted.map(String), rejectedErrors: info.rejectedErrors ?? [], response: info.response };
    } finally {
      entry.inFlight--;
      entry.lastUsed = Date.now();
    }
  }

  /** Closes pools that carry nothing and were last used `idleMs` or more ago. */
  closeIdle(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const [key, entry] of this.pools) {
      if (entry.inFlight === 0 && entry.lastUsed <= cutoff) {
        entry.transport.close();
        this.pools.delete(key);
      }
    }
  }

  /** Closes every pool; sends still running fail and are retried by the queue. */
  close(): void {
    clearInterval(this.sweeper);
    for (const entry of this.pools.values()) entry.transport.close();
    this.pools.clear();
  }

  private entryFor(destination: Destination, credentials: Credentials): PoolEntry {
    const { security, password, requireTls, ehloName } = credentials;
    const plaintext = !requireTls && credentials.plaintext === true;
    const secretDigest = password === null ? '' : createHash('sha256').update(password).digest('hex');
    const key = [destination.address, destination.port, destination.host, ehloName, security.authentication,
      security.username ?? '', secretDigest, requireTls, plaintext].join('|');
    let entry = this.pools.get(key);
    if (!entry) {
      const auth = security.authentication === 'anonymous' ? undefined
        : { user: security.username ?? '', pass: password ?? '', method: security.authentication === 'integrated' ? 'CRAM-MD5' : undefined };
      const transport = nodemailer.createTransport({
        pool: true,
        host: destination.address,
        port: destination.port,
        name: ehloName,
        secure: false,
        requireTLS: requireTls,
        opportunisticTLS: !requireTls && !plaintext,
        ignoreTLS: plaintext,
        tls: { rejectUnauthorized: false, minVersion: 'TLSv1.2', ...(isIP(destination.host) ? {} : { servername: destination.host }) },
        auth,
        maxConnections: this.options.maxConnections ?? 5,
        maxMessages: 100,
        maxRequeues: 0,
        connectionTimeout: this.options.connectionTimeoutMs ?? 30_000,
        greetingTimeout: this.options.greetingTimeoutMs ?? 60_000,
        socketTimeout: this.options.socketTimeoutMs ?? 300_000,
        logger: false,
      });
      entry = { transport, inFlight: 0, lastUsed: Date.now() };
      this.pools.set(key, entry);
    }
    return entry;
  }
}
