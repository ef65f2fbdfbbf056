// The one HTTP client of the management API, built in ConfigureProvider and shared by every resource.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { randomUUID } from 'node:crypto';
import type { ClientSettings } from './client-settings.ts';
import { ApiError, type Adoption, type ApiErrorBody } from './api-error.ts';

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

/**
 * JSON over HTTP(S) with keep-alive, bounded retries with backoff (connection refused or reset, 5xx, 429: every
 * method; a POST carries an Idempotency-Key, the same on each attempt, so sending it again never creates twice),
 * and ApiError (a DiagnosticsError) for every non-2xx answer.
 */
export class ApiClient {
  private readonly agent: HttpAgent;
  private readonly base: URL;

  constructor(private readonly settings: ClientSettings) {
    this.base = new URL(settings.endpoint);
    this.agent = this.base.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, ...trustedCertificates(settings) })
      : new HttpAgent({ keepAlive: true });
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

  /** Closes idle keep-alive sockets (the provider process is about to end). */
  close(): void {
    this.agent.destroy();
  }

  private async call<T>(method: string, path: string, body: object | undefined, options: CallOptions): Promise<Versioned<T>> {
    const { maxAttempts, initialBackoffMs, maxBackoffMs = Infinity } = this.settings.retry;
    // One key for every attempt of this POST: a create whose answer was lost and that is sent again returns the object
    // the first attempt made (the relay derives its id from the key) instead of making a second one.
    const idempotencyKey = method === 'POST' ? randomUUID() : undefined;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.send(method, path, body, options.etag, idempotencyKey).catch((error: NodeJS.ErrnoException) => error);
      const retryable = outcome instanceof Error
        ? outcome.code === 'ECONNREFUSED' || outcome.code === 'ECONNRESET'
        : RETRYABLE_STATUS.has(outcome.status) || outcome.status === 429;
      if (retryable && attempt < maxAttempts) {
        const retryAfter = outcome instanceof Error ? NaN : Number(outcome.headers['retry-after']);
        await new Promise((r) => setTimeout(r, Number.isFinite(retryAfter) ? Math.min(retryAfter * 1000, 10_000) : Math.min(initialBackoffMs * 2 ** (attempt - 1), maxBackoffMs)));
        continue;
      }
      if (outcome instanceof Error) throw new ApiError(0, { code: outcome.code ?? 'network_error', message: `${method} ${new URL(path, this.base)}: ${outcome.message}`, details: [] }, options.what);
      if (outcome.status >= 200 && outcome.status < 300) return { body: outcome.json as T, etag: outcome.headers.etag as string | undefined };
      throw new ApiError(outcome.status, errorBody(outcome.json, outcome.status), options.what, [], options.adopt);
    }
  }

  private send(method: string, path: string, body: object | undefined, etag: string | undefined, idempotencyKey: string | undefined) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json', authorization: this.settings.authorization };
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    if (etag) headers['if-match'] = etag;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const request = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ status: number; headers: IncomingMessage['headers']; json: unknown }>((resolve, reject) => {
      const req = request(new URL(path, this.base), { method, headers, agent: this.agent, timeout: this.settings.timeoutMs }, (res) => {
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
