// Where a management-API client (the Terraform provider, the smtp-relay operator commands) takes its endpoint and credentials from: one rule for both.

/** What the client was given explicitly (provider block attributes or command-line flags); null = not given. */
export interface ApiConnectionInput {
  endpoint: string | null;
  token: string | null;
  username: string | null;
  password: string | null;
}

/** How a client authenticates: a bearer token, or an account's username/password (secrets: never log them). */
export type ApiCredentials = { token: string } | { username: string; password: string };

/** Why the connection cannot be resolved, naming the input (attribute or flag) at fault. */
export interface ApiConnectionProblem {
  input: keyof ApiConnectionInput;
  summary: string;
  detail: string;
}

/** The endpoint when neither the input nor SMTP_RELAY_ENDPOINT names one: `smtp-relay serve`'s default API address. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8025';

/** The resolved connection, or every problem found. */
export type ApiConnection = { endpoint: URL; credentials: ApiCredentials; problems: [] } | { endpoint: URL | null; credentials: null; problems: ApiConnectionProblem[] };

/**
 * Given values win; SMTP_RELAY_ENDPOINT / SMTP_RELAY_TOKEN / SMTP_RELAY_USERNAME / SMTP_RELAY_PASSWORD only fill those
 * left null; then the default endpoint. Exactly one way to authenticate, a token or username+password, and conflicts
 * are judged among given values: credentials given decide the kind (a given username+password beats an exported
 * token), the environment completes that kind only, and with none given an exported token beats exported
 * username/password. The endpoint must be an http:// or https:// URL.
 */
export function resolveApiConnection(given: ApiConnectionInput, env: NodeJS.ProcessEnv): ApiConnection {
  const endpointText = given.endpoint ?? env.SMTP_RELAY_ENDPOINT ?? DEFAULT_ENDPOINT;
  const { token, username, password } = resolveCredentials(given, env);
  const problems: ApiConnectionProblem[] = [];
  let endpoint: URL | null = null;
  try { endpoint = new URL(endpointText); } catch { /* reported below */ }
  if (!endpoint || !['http:', 'https:'].includes(endpoint.protocol)) {
    endpoint = null;
    problems.push({ input: 'endpoint', summary: 'Invalid endpoint', detail: `endpoint must be an http:// or https:// URL, got "${endpointText}".` });
  }
  if (given.token !== null && (given.username !== null || given.password !== null)) {
    problems.push({ input: 'token', summary: 'Conflicting credentials', detail: 'Set either token or username and password, not both.' });
  }
  if (!token && Boolean(username) !== Boolean(password)) {
    problems.push({ input: username ? 'password' : 'username', summary: 'Incomplete credentials', detail: 'username and password go together.' });
  }
  if (!token && !username) {
    problems.push({ input: 'token', summary: 'Missing credentials', detail: 'Set token (or SMTP_RELAY_TOKEN), or username and password (SMTP_RELAY_USERNAME / SMTP_RELAY_PASSWORD).' });
  }
  if (problems.length > 0) return { endpoint, credentials: null, problems };
  return { endpoint: endpoint!, credentials: token ? { token } : { username: username!, password: password! }, problems: [] };
}

/** The credentials in effect: the kind given (if any), each value as given else from the environment. */
function resolveCredentials(given: ApiConnectionInput, env: NodeJS.ProcessEnv): { token: string | null; username: string | null; password: string | null } {
  const basic = () => ({ token: null, username: given.username ?? env.SMTP_RELAY_USERNAME ?? null, password: given.password ?? env.SMTP_RELAY_PASSWORD ?? null });
  if (given.token !== null) return { token: given.token, username: given.username, password: given.password };
  if (given.username !== null || given.password !== null) return basic();
  return env.SMTP_RELAY_TOKEN ? { token: env.SMTP_RELAY_TOKEN, username: null, password: null } : basic();
}
