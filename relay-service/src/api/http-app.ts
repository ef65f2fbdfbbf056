// The management API as an express app: JSON only, authentication per request (header or console session), the route table, the console, one error handler.
import express, { type NextFunction, type Request, type Response } from 'express';
import { Counter, register } from 'prom-client';
import type { Logger } from '../logger.ts';
import type { ConfigReads } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { ApiRequest, ApiRoute } from './api-route.ts';
import { authenticate, type DirectorySignIn } from './authenticate.ts';
import { maxBodyDepth, nestsDeeperThan } from './body-depth.ts';
import { cookiePrincipal, csrfHeaderName } from './console/console-auth.ts';
import { consoleRouter } from './console/console-routes.ts';
import type { ConsoleSessions } from './console/console-sessions.ts';
import { errorHandler } from './error-handler.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';

const jsonTypes = ['application/json', 'application/merge-patch+json'];

const requests = (register.getSingleMetric('smtp_relay_api_requests_total') as Counter<'method' | 'route' | 'status'> | undefined) ??
  new Counter({ name: 'smtp_relay_api_requests_total', help: 'Management API requests by route and status.', labelNames: ['method', 'route', 'status'] });

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

function requireJson(request: Request, _response: Response, next: NextFunction): void {
  if (hasBody(request) && !request.is(jsonTypes)) {
    next(new ApiError(415, 'unsupported_media_type', 'The request body must be JSON (Content-Type: application/json).'));
    return;
  }
  next();
}

function boundedDepth(request: Request, _response: Response, next: NextFunction): void {
  if (nestsDeeperThan(request.body)) {
    next(ApiError.validation([{ path: '$', message: `must not nest deeper than ${maxBodyDepth} levels` }]));
    return;
  }
  next();
}

function stringQuery(query: Request['query']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
}

/**
 * The body parsers of the routes that take more than the API's 1 MB (a whole rule list): such a request is parsed with its
 * route's limit first, and the default parser then leaves it alone (body-parser parses a request once).
 */
function largerBodies(routes: ApiRoute[]) {
  const parsers = routes.filter((route) => route.bodyLimit !== undefined).map((route) => ({
    method: route.method.toUpperCase(),
    path: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
    parse: express.json({ limit: route.bodyLimit, type: jsonTypes }),
  }));
  return (request: Request, response: Response, next: NextFunction): void => {
    const parser = parsers.find((p) => p.method === request.method && p.path.test(request.path));
    if (parser) parser.parse(request, response, next);
    else next();
  };
}

/** Who may sign in and how: what authenticating a request needs. */
interface SignIn {
  reads: ConfigReads;
  limiter: LoginRateLimiter;
  directories: DirectorySignIn;
  sessions: ConsoleSessions;
}

/**
 * The request's principal: its Authorization header when it has one; else the console session its cookie names (a
 * write also needs the session's CSRF token); else authenticate() answers 401 (or 429 while the address is throttled).
 */
async function principalOf(request: Request, signIn: SignIn) {
  const { reads, limiter, directories, sessions } = signIn;
  const ip = request.socket.remoteAddress ?? 'unknown';
  if (request.headers.authorization === undefined) {
    const fromCookie = await cookiePrincipal(sessions, { method: request.method, cookie: request.headers.cookie, csrfToken: request.get(csrfHeaderName) }, reads);
    if (fromCookie) return fromCookie;
  }
  return authenticate(request.headers.authorization, ip, reads, limiter, directories);
}

/** The route's path as express writes it: `/v1/accounts/:id`. */
const expressPath = (route: ApiRoute) => route.path.replace(/\{(\w+)\}/g, ':$1');

/** Registers `route` on `app`, wrapping its async handler so every error reaches the error handler. */
function mount(app: express.Express, route: ApiRoute, signIn: SignIn): void {
  app[route.method](expressPath(route), (request: Request, response: Response, next: NextFunction) => {
    response.on('finish', () => requests.inc({ method: route.method, route: route.path, status: String(response.statusCode) }));
    const run = async () => {
      const principal = route.public ? null : await principalOf(request, signIn);
      const apiRequest: ApiRequest = { params: request.params, query: stringQuery(request.query), body: request.body, headers: request.headers, principal };
      const result = await route.handle(apiRequest);
      response.status(result.status).set(result.headers ?? {});
      if (result.bytes !== undefined) response.end(result.bytes);
      else if (result.text !== undefined) response.send(result.text);
      else if (result.json !== undefined) response.json(result.json);
      else response.end();
    };
    run().catch(next);
  });
}

/**
 * Builds the app for `routes` and the console; every request re-reads credentials and roles from `reads` (directory
 * logins from their cache; a console session re-checks the token or account it was opened with).
 */
export function createHttpApp(routes: ApiRoute[], signIn: SignIn, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/console', consoleRouter(signIn.sessions, signIn.reads, signIn.limiter, signIn.directories));
  app.use(requireJson);
  app.use(largerBodies(routes));
  app.use(express.json({ limit: '1mb', type: jsonTypes }));
  app.use(boundedDepth);
  for (const route of routes) mount(app, route, signIn);
  app.use((request: Request, _response: Response, next: NextFunction) => {
    next(new ApiError(404, 'not_found', `No route ${request.method} ${request.path}.`));
  });
  app.use(errorHandler(logger));
  return app;
}
