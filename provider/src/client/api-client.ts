// The one HTTP client of the management API, built in ConfigureProvider and shared by every resource.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../plugin/logger.ts';
import type { ClientSettings } from './client-settings.ts';
import { ApiError, type Adoption, type ApiErrorBody } from './api-error.ts';
import { IssuedToken, type TokenGrant } from './issued-token.ts';

/** An object the API returned with the version it carries (sent back as If-Match on writes). */
export interface Versioned<T> {
  body: T;
  etag: string | undefined;
}

/** How a call is described in error messages ("creating smtp_account") and where its body sits in the schema. */
export interface CallOptions {
  what: string;
  etag?: string;
  /** A create of a type whose objects are unique by some member: how to adopt the one already there (409 already_exists). */
  adopt?: Adoption;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** Lifetime asked for a token issued for username/password: short, renewed by IssuedToken when a long apply outlives it. */
const ISSUED_TOKEN_TTL_SECONDS = 900;

/** What the client shares with the provider process: its log, the signal StopProvider fires to cancel every call, its User-Agent. */
export interface ClientContext {
  logger?: Logger;
  signal?: AbortSignal;
  /** Sent on every request; the provider's is `Terraform/<version> terraform-provider-smtp/<version>`, as Terraform providers say. */
  userAgent?: string;
}

type Outcome = { status: number; headers: IncomingMessage['headers']; json: unknown };

/**
 * JSON over HTTP(S) with keep-alive, bounded retries with backoff (connection refused or reset, 5xx, 429: every
 * method; a POST carries an Idempotency-Key, the same on each attempt, so sending it again never creates twice),
 * and ApiError (a DiagnosticsError) for every non-2xx answer. Username/password are exchanged for a short-lived
 * token (POST /v1/tokens) on the first call, so the relay verifies the password once rather than on every request.
 * Every attempt is logged at debug (method, path, status, attempt, duration: never bodies or credentials), and
 * `context.signal` cancels requests in flight and back-off waits at once.
 */
export class ApiClient {
  private readonly agent: HttpAgent;
  private readonly base: URL;
  private readonly issued: IssuedToken | undefined;
  /** Headers sent on every request besides the usual ones (see withHeaders). */
  private extraHeaders: Record<string, string> = {};

  constructor(private readonly settings: ClientSettings, private readonly context: ClientContext = {}) {
    this.base = new URL(settings.endpoint);
    this.agent = this.base.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, ...trustedCertificates(settings) })
      : new HttpAgent({ keepAlive: true });
    const { credentials } = settings;
    if ('username' in credentials) {
      const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      this.issued = new IssuedToken(() => this.issueToken(basic));
    }
  }

  /** GET; null when the object does not exist (404). */
  async get<T>(path: string, options: CallOptions): Promise<Versioned<T> | null> {
    try {
      return await this.call<T>('GET', path, undefined, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** POST to a collection; the created object with its ETag. */
  create<T>(path: string, body: object, options: CallOptions): Promise<Versioned<T>> {
    return this.call<T>('POST', path, body, options);
  }

  /** PUT (full replacement) with If-Match when `options.etag` is known; 412 means changed by someone else. */
  replace<T>(path: string, body: object, options: CallOptions): Promise<Versioned<T>> {
    return this.call<T>('PUT', path, body, options);
  }

  /** DELETE with If-Match when known; an object already gone counts as deleted. */
  async remove(path: string, options: CallOptions): Promise<void> {
    try {
      await this.call('DELETE', path, undefined, options);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }

  /**
   * This client sending `headers` on every request too, over the same connections and with the same issued token
   * (e.g. the managed-by marker on the requests of resources, not of data sources).
   */
  withHeaders(headers: Record<string, string>): ApiClient {
    const view = Object.create(this) as ApiClient;
    view.extraHeaders = { ...this.extraHeaders, ...headers };
    return view;
  }

  /** Closes idle keep-alive sockets (the provider process is about to end). */
  close(): void {
    this.agent.destroy();
  }

  private async call<T>(method: string, path: string, body: object | undefined, options: CallOptions, authorization?: string): Promise<Versioned<T>> {
    let header = authorization ?? (this.issued ? await this.issued.header() : `Bearer ${(this.settings.credentials as { token: string }).token}`);
    const outcome = await this.attempts(method, path, body, options, header);
    if (outcome.status === 401 && this.issued && authorization === undefined) {
      // The issued token was refused (revoked, or the relay's clock ran ahead): exchange once more and send again.
      this.issued.refused(header);
      header = await this.issued.header();
      return this.result(await this.attempts(method, path, body, options, header), options);
    }
    return this.result(outcome, options);
  }

  private result<T>(outcome: Outcome, options: CallOptions): Versioned<T> {
    if (outcome.status >= 200 && outcome.status < 300) return { body: outcome.json as T, etag: outcome.headers.etag as string | undefined };
    throw new ApiError(outcome.status, errorBody(outcome.json, outcome.status), options.what, [], options.adopt);
  }

  /** Sends until an answer that is not retried; network failures after the last attempt (or a cancel) are thrown. */
  private async attempts(method: string, path: string, body: object | undefined, options: CallOptions, authorization: string): Promise<Outcome> {
    const { maxAttempts, initialBackoffMs, maxBackoffMs = Infinity } = this.settings.retry;
    const { logger, signal } = this.context;
    const url = new URL(path, this.base);
    // One key for every attempt of this POST: a create whose answer was lost and that is sent again returns the object
    // the first attempt made (the relay derives its id from the key) instead of making a second one.
    const idempotencyKey = method === 'POST' ? randomUUID() : undefined;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelled(method, url, options);
      const started = performance.now();
      const outcome = await this.send(method, url, body, authorization, options.etag, idempotencyKey).catch((error: NodeJS.ErrnoException) => error);
      const status = signal?.aborted ? 'cancelled' : outcome instanceof Error ? (outcome.code ?? 'network_error') : outcome.status;
      logger?.log('debug', 'relay API request', { method, path: url.pathname, status, attempt, duration_ms: Math.round(performance.now() - started) });
      if (signal?.aborted) throw cancelled(method, url, options);
      const retryable = outcome instanceof Error
        ? outcome.code === 'ECONNREFUSED' || outcome.code === 'ECONNRESET'
        : RETRYABLE_STATUS.has(outcome.status) || outcome.status === 429;
      if (retryable && attempt < maxAttempts) {
        const retryAfter = outcome instanceof Error ? NaN : Number(outcome.headers['retry-after']);
        const waitMs = Number.isFinite(retryAfter) ? Math.min(retryAfter * 1000, 10_000) : Math.min(initialBackoffMs * 2 ** (attempt - 1), maxBackoffMs);
        await sleep(waitMs, undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (outcome instanceof Error) throw new ApiError(0, { code: outcome.code ?? 'network_error', message: `${method} ${url}: ${outcome.message}`, details: [] }, options.what);
      return outcome;
    }
  }

  /**
   * POST /v1/tokens with the Basic credentials: the account issues a token for itself. A directory user gets none
   * (403 tokens_not_issued, after its password was checked): its Basic credentials are then sent on every request.
   */
  private async issueToken(basic: string): Promise<TokenGrant> {
    const sentAt = Date.now();
    try {
      const issued = await this.call<{ token: string }>('POST', '/v1/tokens', { ttl_seconds: ISSUED_TOKEN_TTL_SECONDS }, { what: 'exchanging username/password for a token' }, basic);
      return { token: issued.body.token, scheme: 'Bearer', ttlMs: ISSUED_TOKEN_TTL_SECONDS * 1000, sentAt };
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403 && error.body.code === 'tokens_not_issued')) throw error;
      return { token: basic.slice('Basic '.length), scheme: 'Basic', ttlMs: ISSUED_TOKEN_TTL_SECONDS * 1000, sentAt };
    }
  }

  private send(method: string, url: URL, body: object | undefined, authorization: string, etag: string | undefined, idempotencyKey: string | undefined) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { ...this.extraHeaders, accept: 'application/json', authorization };
    if (this.context.userAgent) headers['user-agent'] = this.context.userAgent;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    if (etag) headers['if-match'] = etag;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const request = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Outcome>((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent, timeout: this.settings.timeoutMs, signal: this.context.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try { json = text ? JSON.parse(text) : null; } catch { json = { error: { code: 'invalid_response', message: text.slice(0, 200), details: [] } }; }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.settings.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** The error of a call Terraform cancelled (StopProvider): whether the relay applied it is unknown. */
function cancelled(method: string, url: URL, options: CallOptions): ApiError {
  return new ApiError(0, { code: 'cancelled', message: `${method} ${url.pathname} was abandoned.`, details: [] }, options.what);
}

function errorBody(json: unknown, status: number): ApiErrorBody {
  const error = (json as { error?: Partial<ApiErrorBody> } | null)?.error;
  return {
    code: error?.code ?? `http_${status}`, message: error?.message ?? `HTTP ${status}`, details: Array.isArray(error?.details) ? error.details : [],
    ...(typeof error?.existing_id === 'string' ? { existing_id: error.existing_id } : {}),
  };
}

/** The agent's `ca`: the provider block's certificate alone, or Node's roots plus NODE_EXTRA_CA_CERTS, or Node's defaults. */
function trustedCertificates(settings: ClientSettings): { ca?: string | string[] } {
  if (settings.caCertPem) return { ca: settings.caCertPem };
  if (settings.extraCaCertsPem) return { ca: [...rootCertificates, settings.extraCaCertsPem] };
  return {};
}
