// /console: the web console's login, logout, session and assets; its data comes from the /v1 routes with the session cookie.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ConfigReads } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import { authenticate, type DirectorySignIn } from '../authenticate.ts';
import type { LoginRateLimiter } from '../login-rate-limiter.ts';
import { actorName } from '../principal.ts';
import { consoleSession, csrfHeaderName, sessionCookieName } from './console-auth.ts';
import { appShell, loginPage } from './console-pages.ts';
import type { ConsoleSessions } from './console-sessions.ts';

/**
 * Where the build (relay-service/scripts/build.mjs) put the app: dist/console/ beside the bundle that runs, or, when
 * the relay runs from its TypeScript sources, relay-service/dist/console/ (`npm ci` and scripts/run-tests.mjs build it).
 */
const assetDirs = [new URL('./console/', import.meta.url), new URL('../../../dist/console/', import.meta.url)].map((url) => fileURLToPath(url));
const contentTypes: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json' };
/** Served without a session: what the login page needs. */
const publicAssets = new Set(['login.css']);

const securityHeaders = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  // Not no-referrer: Chromium then sends "Origin: null" with the login form, which the login CSRF check refuses.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function readAsset(name: string): Buffer | null {
  for (const dir of assetDirs) {
    const file = `${dir}${name}`;
    if (existsSync(file)) return readFileSync(file);
  }
  return null;
}

/** Set-Cookie for the session: HttpOnly, SameSite=Strict, Path=/, and Secure when the API is served over HTTPS. */
function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** The Authorization header the login form's fields stand for, so the login goes through authenticate() like any request. */
function credentialsHeader(body: Record<string, unknown>): { header: string; token: string | null; username: string } | null {
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  if (field('token')) return { header: `Bearer ${field('token')}`, token: field('token'), username: '' };
  if (field('username') && field('password')) {
    return { header: `Basic ${Buffer.from(`${field('username')}:${field('password')}`).toString('base64')}`, token: null, username: field('username') };
  }
  return null;
}

/** Failed logins say why in words for the page; the limiter and directory answers keep their status. */
function loginError(error: unknown): { status: number; message: string; headers: Record<string, string> } {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 401) return { status: 401, message: 'Wrong user name, password or token.', headers: {} };
  return { status: error.status, message: error.message, headers: error.headers };
}

/** The /console router; mount it before the API's JSON-only middleware (the login form posts form fields). */
export function consoleRouter(sessions: ConsoleSessions, reads: ConfigReads, limiter: LoginRateLimiter, directories: DirectorySignIn): Router {
  const router = express.Router();
  const send = (response: Response, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    response.status(status).set({ ...securityHeaders, 'Content-Type': type, ...headers }).send(body);
  const sessionOf = (request: Request) => consoleSession(sessions, {
    method: request.method, cookie: request.headers.cookie, csrfToken: request.get(csrfHeaderName) ?? (request.body as Record<string, string> | undefined)?.csrf_token,
  }, reads);
  // Express 4 does not catch a rejected promise of an async handler: every handler goes through this.
  const handle = (run: (request: Request, response: Response) => Promise<void>) =>
    (request: Request, response: Response, next: NextFunction) => { run(request, response).catch(next); };

  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/login', handle(async (request, response) => {
    if (await sessionOf(request)) return void response.redirect(303, '/console/');
    send(response, 200, 'text/html; charset=utf-8', loginPage(null));
  }));

  router.post('/login', handle(async (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Login CSRF: a form on another site must not sign the browser in to an account of the attacker's choosing.
    const origin = request.get('origin');
    if (origin && origin !== `${request.protocol}://${request.get('host')}`) {
      return void send(response, 403, 'text/html; charset=utf-8', loginPage('This form may only be sent from the console\'s own page.'));
    }
    const credentials = credentialsHeader(body);
    if (!credentials) return void send(response, 400, 'text/html; charset=utf-8', loginPage('Enter a user name and password, or a token.'));
    const ip = request.socket.remoteAddress ?? 'unknown';
    try {
      const principal = await authenticate(credentials.header, ip, reads, limiter, directories);
      const session = sessions.create(principal, credentials.token);
      response.set('Set-Cookie', sessionCookie(session.id, Math.floor(sessions.maxAgeMs / 1000), request.secure));
      response.redirect(303, '/console/');
    } catch (error) {
      const failed = loginError(error);
      send(response, failed.status, 'text/html; charset=utf-8', loginPage(failed.message, credentials.username), failed.headers);
    }
  }));

  router.post('/logout', handle(async (request, response) => {
    const session = await sessionOf(request).catch(() => null);
    if (!session) throw ApiError.forbidden('Logging out needs the session cookie and its CSRF token.');
    sessions.end(session.id);
    response.set('Set-Cookie', sessionCookie('', 0, request.secure));
    response.status(204).end();
  }));

  router.get('/session', handle(async (request, response) => {
    const session = await sessionOf(request);
    if (!session) throw ApiError.unauthenticated('No console session: sign in at /console/login.');
    const { principal } = session;
    response.set(securityHeaders).json({
      principal: { kind: principal.kind, name: actorName(principal) },
      csrf_token: session.csrfToken,
      expires_at: new Date(sessions.expiresAt(session)).toISOString(),
    });
  }));

  router.get('/assets/:name', handle(async (request, response) => {
    const { name } = request.params;
    if (!/^[\w-]+\.(js|css)(\.map)?$/.test(name)) throw ApiError.notFound(`Console asset ${name}`);
    if (!publicAssets.has(name) && !(await sessionOf(request))) throw ApiError.unauthenticated('No console session: sign in at /console/login.');
    const data = readAsset(name);
    if (!data) {
      if (name === 'app.js' || publicAssets.has(name)) throw new ApiError(503, 'console_not_built', 'The console is not built: run `npm run build`.');
      throw ApiError.notFound(`Console asset ${name}`);
    }
    send(response, 200, contentTypes[name.split('.').pop()!], data);
  }));

  // The app itself; its pages are #/fragments, so every other GET under /console is the same shell.
  router.get(['/', '/*'], handle(async (request, response) => {
    if (!(await sessionOf(request))) return void response.redirect(303, '/console/login');
    send(response, 200, 'text/html; charset=utf-8', appShell());
  }));
  return router;
}
