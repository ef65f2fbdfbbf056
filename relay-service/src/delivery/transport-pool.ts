// SMTP connections per destination + credentials + TLS policy (nodemailer's SMTPConnection), reused across messages and closed when idle.
import type { SMTPConnectionAuth } from 'nodemailer/lib/smtp-connection';
import type { OutboundSecurity } from '@relayform/schema/model.ts';
import type { Logger } from '../logger.ts';
import { requiresTls } from '@relayform/schema/tls-policy.ts';
import { daneKey, danePeerCheck, daneRefusal, daneRequiresTls, daneSessionResult } from './dane-policy.ts';
import { connectionError, DestinationPool, type SessionReport } from './destination-pool.ts';
import { outboundTlsTotal } from './delivery-metrics.ts';
import type { OutboundEnvelope } from './mail-parameters.ts';
import { countMtaStsSession } from './mta-sts-metrics.ts';
import type { OutboundConnectionOptions } from './outbound-smtp-connection.ts';
import { tlsOptionsFor, type TlsRequirements } from './peer-verification.ts';
import { oauth2AuthMethod, oauth2CustomAuth, type OAuth2AuthOptions } from './oauth2-sasl.ts';
import { OAuth2TokenCache, type TokenSource } from './oauth2-token-cache.ts';
import { tlsFailureOf } from './tls-failure.ts';

/** Where to connect: the address, the host name it stands for (TLS SNI and verification, logs), the port. */
export interface Destination {
  address: string;
  host: string;
  port: number;
  /** This host's own TLS requirements when DNS decided them (dane, the MTA-STS policy), else the route's (Credentials.tls). */
  tls?: TlsRequirements;
}

/**
 * How to talk to the destination. `password` is the clear outbound password, or null; `tokenSource` gives the
 * bearer tokens of an oauth2 route (its id, not a token, tells pools apart: tokens change, the credentials do not).
 */
export interface Credentials {
  security: Pick<OutboundSecurity, 'authentication' | 'username'>;
  password: string | null;
  tokenSource?: TokenSource | null;
  tls: TlsRequirements;
  /** Never try STARTTLS: the retry after an opportunistic handshake failed (only for routes without credentials). */
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
  /** Connections unused this long are closed (default 60 s). */
  idleMs?: number;
  /** Parallel connections per destination (default 5). */
  maxConnections?: number;
  /** A connection is not reused once it is this old (default 300 s, as Postfix). */
  reuseTimeLimitMs?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Bound on one OAuth2 token request (default 10 s). */
  tokenTimeoutMs?: number;
  /** Hears of MTA-STS testing sessions that enforce would have refused. */
  logger?: Logger;
}

/**
 * Keeps the connections per (destination, credentials, TLS requirements). Retries belong to the queue: a message is
 * sent again by the pool only when a reused connection turned out dead before the server answered any of it.
 * STARTTLS is required under encrypt and verify, and whenever the route authenticates (credentials never travel in
 * clear text, as Postfix's smtp_sasl_security_options = noplaintext); none never tries it.
 */
export class TransportPool {
  private readonly pools = new Map<string, DestinationPool>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  /** The OAuth2 tokens of every oauth2 route this pool serves, shared by all its connections. */
  readonly tokens: OAuth2TokenCache;

  constructor(private readonly options: TransportPoolOptions = {}) {
    this.tokens = new OAuth2TokenCache({ timeoutMs: options.tokenTimeoutMs });
    const idleMs = options.idleMs ?? 60_000;
    this.sweeper = setInterval(() => this.closeIdle(idleMs), Math.max(idleMs / 2, 50));
    this.sweeper.unref();
  }

  /**
   * Sends `raw` with the given envelope (from "" = null sender; its content decides MAIL FROM's parameters). Rejects with
   * nodemailer's error when the whole transaction failed, or a NextHopRefusal when the next hop cannot take the message.
   * `retry`: the message was tried before; while the destination's connections are busy it waits behind first attempts.
   */
  async send(destination: Destination, credentials: Credentials, envelope: OutboundEnvelope, raw: Buffer, retry = false): Promise<SendResult> {
    if (this.closed) throw connectionError('Connection pool was closed');
    const refusal = destination.tls?.dane ? daneRefusal(destination.tls.dane) : null;
    if (refusal) {
      outboundTlsTotal.inc({ policy: 'dane', result: refusal.tlsFailure.result });
      throw refusal;
    }
    const info = await this.poolFor(destination, credentials).send(envelope, raw, retry);
    return { accepted: info.accepted, rejectedErrors: info.rejectedErrors ?? [], response: info.response };
  }

  /** Closes connections that carry nothing and were last used `idleMs` or more ago. */
  closeIdle(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const [key, pool] of this.pools) {
      pool.closeIdle(cutoff);
      if (pool.empty) this.pools.delete(key);
    }
  }

  /** Closes every connection; sends still running or waiting fail (the queue retries them), later sends fail at once. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const pool of this.pools.values()) pool.close(() => connectionError('Connection pool was closed'));
    this.pools.clear();
  }

  private poolFor(destination: Destination, credentials: Credentials): DestinationPool {
    const { security, password, ehloName } = credentials;
    const tls = destination.tls ?? credentials.tls;
    const tokenSource = credentials.tokenSource ?? null;
    const requireTls = requiresTls(tls.policy) || (tls.dane !== undefined && daneRequiresTls(tls.dane)) || security.authentication !== 'anonymous';
    const plaintext = !requireTls && (credentials.plaintext === true || tls.policy === 'none');
    // The key holds the secret in memory only, as the pool's auth does (it is never logged): no digest per send.
    const key = [destination.address, destination.port, destination.host, ehloName, security.authentication, security.username ?? '',
      password ?? '', tokenSource?.id ?? '', tls.policy, tls.caPem ?? '', tls.fingerprints.join(','), tls.dane ? daneKey(tls.dane) : '', plaintext,
      tls.mtaSts ? `${tls.mtaSts.mode}:${tls.mtaSts.mxMatch}` : ''].join('|');
    let pool = this.pools.get(key);
    if (!pool) {
      const options: OutboundConnectionOptions = {
        host: destination.address,
        port: destination.port,
        name: ehloName,
        secure: false,
        requireTLS: requireTls,
        opportunisticTLS: !requireTls && !plaintext,
        ignoreTLS: plaintext,
        tls: tlsOptionsFor(tls, destination.host),
        connectionTimeout: this.options.connectionTimeoutMs ?? 30_000,
        greetingTimeout: this.options.greetingTimeoutMs ?? 60_000,
        socketTimeout: this.options.socketTimeoutMs ?? 300_000,
        logger: false,
        customAuth: oauth2CustomAuth,
        peerCheck: tls.dane ? danePeerCheck(tls.dane, destination.host) : undefined,
      };
      pool = new DestinationPool(options, authFor(security, password, tokenSource, destination),
        { maxConnections: this.options.maxConnections ?? 5, reuseTimeLimitMs: this.options.reuseTimeLimitMs ?? 300_000 },
        (report) => countSession(tls, report, destination, this.options.logger));
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/**
 * smtp_outbound_tls_total: one count per session opened (or failed while opening), by policy and what TLS came of it;
 * sessions under an MTA-STS policy count as policy mta_sts (mta-sts-metrics.ts).
 */
function countSession(tls: TlsRequirements, report: SessionReport, destination: Destination, logger?: Logger): void {
  if (tls.dane) return outboundTlsTotal.inc({ policy: tls.policy, result: daneSessionResult(tls.dane, report) });
  const result = 'error' in report
    ? tlsFailureOf(report.error)?.result ?? 'connection_failed'
    : report.secure ? (tls.policy === 'verify' ? 'verified' : 'encrypted') : 'plaintext';
  if (tls.mtaSts) return countMtaStsSession(tls.mtaSts, result, report, `${destination.host}:${destination.port}`, logger);
  outboundTlsTotal.inc({ policy: tls.policy, result });
}

/**
 * AUTH as nodemailer's pooled transport did it: none for anonymous; basic lets the server's list decide (PLAIN,
 * then LOGIN, then CRAM-MD5); integrated is CRAM-MD5; oauth2 is the bearer token handler (oauth2-sasl.ts).
 * Only tried when the server offers AUTH, and only inside TLS (DestinationPool).
 */
function authFor(security: Credentials['security'], password: string | null, tokenSource: TokenSource | null, destination: Destination): SMTPConnectionAuth | undefined {
  const user = security.username ?? '';
  if (security.authentication === 'oauth2') {
    if (!tokenSource) return undefined;
    const options: OAuth2AuthOptions = { tokenSource, host: destination.host, port: destination.port };
    return { user, method: oauth2AuthMethod, options } as unknown as SMTPConnectionAuth;
  }
  const pass = password ?? '';
  if (security.authentication === 'anonymous' || (!user && !pass)) return undefined;
  return { user, credentials: { user, pass }, method: security.authentication === 'integrated' ? 'CRAM-MD5' : false };
}
