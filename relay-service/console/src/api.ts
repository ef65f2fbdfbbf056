// The console's one way to the management API: same-origin fetch with the session cookie and, on writes, the CSRF header.

/** A non-2xx answer, with the API's error message. */
export class ApiFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Who is signed in, and the token every write must carry (GET /console/session). */
export interface ConsoleSession {
  principal: { kind: 'admin' | 'account' | 'directory_user'; name: string };
  csrf_token: string;
  expires_at: string;
}

let csrfToken = '';

/** Back to the login page: the session ended (expired, logged out elsewhere, relay restarted). */
function signIn(): never {
  window.location.assign('/console/login');
  throw new ApiFailure(401, 'Signed out');
}

async function failure(response: Response): Promise<ApiFailure> {
  const body = await response.json().catch(() => null) as { error?: { message?: string } } | null;
  return new ApiFailure(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
}

/** Loads the session (and its CSRF token); without one the browser goes to the login page. */
export async function loadSession(): Promise<ConsoleSession> {
  const response = await fetch('/console/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) signIn();
  if (!response.ok) throw await failure(response);
  const session = await response.json() as ConsoleSession;
  csrfToken = session.csrf_token;
  return session;
}

/** One API call; JSON in and out (null for 204); throws ApiFailure for any other status than 2xx. */
export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) signIn();
  if (!response.ok) throw await failure(response);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** The body of a plain-text answer (a message as stored). */
export async function apiText(path: string): Promise<string> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) signIn();
  if (!response.ok) throw await failure(response);
  return response.text();
}

/** Ends the session on the server, then shows the login page. */
export async function logout(): Promise<void> {
  await fetch('/console/logout', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken } });
  window.location.assign('/console/login');
}
