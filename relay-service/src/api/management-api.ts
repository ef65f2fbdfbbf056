// Starts the management API on HTTP or HTTPS and stops it, closing open connections.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { apiRoutes, type ApiDependencies } from './api-routes.ts';
import { ConsoleSessions } from './console/console-sessions.ts';
import { createHttpApp } from './http-app.ts';
import { DirectoryLogins } from '../directory/directory-logins.ts';
import { LoginRateLimiter } from './login-rate-limiter.ts';

export interface ManagementApiOptions extends ApiDependencies {
  host: string;
  /** 0 picks a free port (see `url`). */
  port: number;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string; key: string };
  limiter?: LoginRateLimiter;
  /** The web console's sessions; default: a new set with the default idle and absolute lifetimes. */
  consoleSessions?: ConsoleSessions;
}

/** A listening API: its base URL and how to stop it. */
export interface ManagementApi {
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port; resolves once the socket is bound, rejects when it cannot be. */
export async function startManagementApi(options: ManagementApiOptions): Promise<ManagementApi> {
  const directories = { box: options.secretBox, logins: new DirectoryLogins() };
  const signIn = {
    reads: options.store, limiter: options.limiter ?? new LoginRateLimiter(), directories, sessions: options.consoleSessions ?? new ConsoleSessions(),
  };
  const app = createHttpApp(apiRoutes(options), signIn, options.logger);
  const server: Server = options.tls ? createHttpsServer(options.tls, app) : createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
