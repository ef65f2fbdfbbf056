// OAuth2 access tokens from the client-credentials grant (RFC 6749 4.4), cached per route credentials and fetched once under concurrency.
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

/** What a route's oauth2 outbound security names: the token endpoint, the client and its secret, the scope. */
export interface TokenRequestConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** The route's tls_ca_pem: trusted for the token endpoint besides the system roots. */
  caPem: string | null;
}

/**
 * The token endpoint could not give a token (down, timed out, 5xx, or it refused the client). Temporary by
 * design: a revoked or rotated client secret is fixed by an operator, so the message waits (4.7.0) until it expires.
 * `reason` names the endpoint and the OAuth2 error code, never the secret or a token.
 */
export class OAuth2TokenError extends Error {
  readonly status = '4.7.0';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** An access token and whether it was already in the cache when it was asked for (only a cached token earns a retry). */
export interface AccessToken {
  value: string;
  cached: boolean;
}

/** The tokens of one set of route credentials. */
export interface TokenSource {
  /** Identifies the credentials (a digest, never the secret): part of the transport pool's key. */
  readonly id: string;
  /** A token valid for a while yet: the cached one, the one being fetched, or a new one. Rejects with OAuth2TokenError. */
  token(): Promise<AccessToken>;
  /** Forgets `stale` (the next hop refused it) and gets a new token; if another caller already replaced it, that one. */
  refresh(stale: string): Promise<AccessToken>;
}

interface Entry {
  token: string | null;
  /** Epoch ms after which the token is not handed out any more. */
  refreshAt: number;
  inflight: Promise<string> | null;
}

export interface TokenCacheOptions {
  /** Bound on one token request, connect to last byte (default 10 s). */
  timeoutMs?: number;
}

/** Token lifetime assumed when the endpoint leaves out expires_in (RFC 6749 5.1 makes it only RECOMMENDED). */
const defaultLifetimeS = 300;
/** Largest response read from a token endpoint: a token response is a few KB. */
const maxResponseBytes = 256 * 1024;

/**
 * The cache: one entry per (token_url, client_id, scope, client secret, CA). A token is handed out until 10% of
 * its lifetime before `expires_in` (at most 60 s before), so a session that authenticates with it does not race
 * its expiry; every caller asking while a request is running shares that request (single-flight).
 */
export class OAuth2TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: TokenCacheOptions = {}) {}

  /** The token source for these credentials; the same credentials give the same cache entry. */
  source(config: TokenRequestConfig): TokenSource {
    const id = createHash('sha256').update(JSON.stringify([config.tokenUrl, config.clientId, config.scope, config.clientSecret, config.caPem])).digest('hex');
    const entry = () => {
      let e = this.entries.get(id);
      if (!e) this.entries.set(id, (e = { token: null, refreshAt: 0, inflight: null }));
      return e;
    };
    const fetchFor = (e: Entry): Promise<string> => {
      if (e.inflight) return e.inflight;
      const started = Date.now();
      e.inflight = requestToken(config, this.options.timeoutMs ?? 10_000).then(
        ({ token, lifetimeS }) => {
          const lifetimeMs = lifetimeS * 1000;
          e.token = token;
          e.refreshAt = started + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
          e.inflight = null;
          return token;
        },
        (err: unknown) => {
          e.inflight = null;
          throw err;
        });
      return e.inflight;
    };
    return {
      id,
      async token() {
        const e = entry();
        if (e.token && Date.now() < e.refreshAt) return { value: e.token, cached: true };
        return { value: await fetchFor(e), cached: false };
      },
      async refresh(stale) {
        const e = entry();
        if (e.token === stale) e.token = null;
        if (e.token && Date.now() < e.refreshAt) return { value: e.token, cached: false };
        return { value: await fetchFor(e), cached: false };
      },
    };
  }
}

/** The endpoint as error messages name it: no query or fragment (where a misconfigured URL might carry something secret). */
function endpointName(tokenUrl: string): string {
  try {
    const url = new URL(tokenUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'the token endpoint';
  }
}

/**
 * One token request. The client authenticates with client_secret_post (client_id and client_secret as form fields,
 * RFC 6749 2.3.1): Microsoft's identity platform documents exactly that for the client-credentials grant, and
 * sending both the same way keeps one code path. The endpoint must be https and is verified against the system
 * roots plus the route's tls_ca_pem.
 */
function requestToken(config: TokenRequestConfig, timeoutMs: number): Promise<{ token: string; lifetimeS: number }> {
  const name = endpointName(config.tokenUrl);
  const fail = (why: string) => new OAuth2TokenError(`OAuth2 token request to ${name} failed: ${why}`);
  let url: URL;
  try {
    url = new URL(config.tokenUrl);
  } catch {
    return Promise.reject(fail('token_url is not a URL'));
  }
  if (url.protocol !== 'https:') return Promise.reject(fail('token_url must be https'));
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: config.scope, client_id: config.clientId, client_secret: config.clientSecret }).toString();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      ca: config.caPem ? [...rootCertificates, config.caPem] : undefined,
      minVersion: 'TLSv1.2',
      timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) req.destroy(fail('response too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // A proxy's HTML error page: the HTTP status says enough.
        }
        // Only the registered error code is quoted: error_description is free text from the server.
        const code = typeof json.error === 'string' && /^[\x20-\x7e]{1,64}$/.test(json.error) ? json.error : 'HTTP error';
        if (status < 200 || status > 299) return reject(fail(`${code} (${status})`));
        const token = json.access_token;
        if (typeof token !== 'string' || token === '') return reject(fail(`no access_token in the response (${status})`));
        if (typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer') return reject(fail(`token_type ${json.token_type.slice(0, 32)} is not Bearer`));
        const expiresIn = Number(json.expires_in);
        resolve({ token, lifetimeS: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : defaultLifetimeS });
      });
      res.on('error', (err) => reject(err instanceof OAuth2TokenError ? err : fail(err.message)));
    });
    req.on('timeout', () => req.destroy(fail(`timed out after ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(err instanceof OAuth2TokenError ? err : fail(err.code ?? err.message)));
    req.end(body);
  });
}
