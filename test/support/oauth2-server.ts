// A real OAuth2 authorization server on loopback (oidc-provider over HTTPS): the client-credentials grant issuing JWT access tokens.
//
//   const auth = await startOAuth2Server({ accessTokenTtlS: 3 });   // https://127.0.0.1:<port>, cert from loopbackTls()
//   t.after(() => auth.stop());
//   auth.tokenUrl; auth.clientId; auth.clientSecret; auth.scope; auth.audience;   // what a route configures
//   auth.tokenRequests;                   // POSTs to the token endpoint so far (granted or not)
//   auth.rotateClientSecret();            // the old secret is refused from now on (invalid_client, 401)
//   await auth.pause(); await auth.resume();   // the endpoint down (connection refused), then back on the same port
//   auth.jwks();                          // the public signing keys, for the sink to verify tokens with
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { loopbackTls } from './test-ca.ts';

export interface OAuth2ServerOptions {
  /** Lifetime of issued access tokens, seconds (default 3600). */
  accessTokenTtlS?: number;
  scope?: string;
  audience?: string;
}

export interface OAuth2Server {
  issuer: string;
  tokenUrl: string;
  clientId: string;
  /** The secret the server accepts now. */
  readonly clientSecret: string;
  scope: string;
  audience: string;
  /** POST requests to the token endpoint so far. */
  readonly tokenRequests: number;
  /** Every access token issued, in order (the tests look for them in logs). */
  issuedTokens: string[];
  /** Gives the client a new secret; the old one gets invalid_client from now on. */
  rotateClientSecret(): string;
  /** The public keys tokens are signed with. */
  jwks(): JSONWebKeySet;
  /** Stops listening (clients get connection refused); resume() listens again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts the server on a free port of 127.0.0.1 and resolves once it listens. */
export async function startOAuth2Server(options: OAuth2ServerOptions = {}): Promise<OAuth2Server> {
  const scope = options.scope ?? 'smtp.send';
  const audience = options.audience ?? 'urn:relayform:test-smtp';
  const clientId = `relay-${randomBytes(4).toString('hex')}`;
  let clientSecret = randomBytes(24).toString('base64url');
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const issuedTokens: string[] = [];
  let tokenRequests = 0;
  let port = 0;
  let handler: Handler = (_req, res) => res.writeHead(503).end();

  // oidc-provider keeps its clients in its configuration: a new secret means a new provider (same keys, same issuer).
  const build = (issuer: string): Handler => {
    const provider = new Provider(issuer, {
      clients: [{
        client_id: clientId, client_secret: clientSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      jwks: { keys: [privateJwk] },
      ttl: { ClientCredentials: options.accessTokenTtlS ?? 3600 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => audience,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope, audience, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenTtlS ?? 3600, jwt: { sign: { alg: 'RS256' } } }),
        },
      },
    });
    provider.on('server_error', () => undefined);
    provider.on('grant.success', (ctx: { oidc?: { body?: unknown }; body?: unknown }) => {
      const body = ctx.body as { access_token?: string } | undefined;
      if (body?.access_token) issuedTokens.push(body.access_token);
    });
    return provider.callback() as Handler;
  };

  const server: Server = createServer({ ...loopbackTls().tls }, (req, res) => {
    if (req.method === 'POST' && (req.url ?? '').startsWith('/token')) tokenRequests++;
    handler(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  await listen();
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `https://127.0.0.1:${port}`;
  handler = build(issuer);

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    clientId,
    get clientSecret() {
      return clientSecret;
    },
    scope,
    audience,
    get tokenRequests() {
      return tokenRequests;
    },
    issuedTokens,
    rotateClientSecret() {
      clientSecret = randomBytes(24).toString('base64url');
      handler = build(issuer);
      return clientSecret;
    },
    jwks: () => ({ keys: [publicJwk] }),
    pause: close,
    resume: listen,
    stop: close,
  };
}
