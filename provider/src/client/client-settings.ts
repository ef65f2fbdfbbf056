// The API client's settings, resolved from the provider block and the environment, with diagnostics naming the attribute.
import { readFileSync } from 'node:fs';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';

/** The provider block as the framework hands it over (unset = null). */
export interface ProviderConfig {
  endpoint: string | null;
  token: string | null;
  username: string | null;
  password: string | null;
  ca_cert_pem: string | null;
}

/** How the provider authenticates: a bearer token, or an account's username/password (secrets: never log them). */
export type Credentials = { token: string } | { username: string; password: string };

/** Everything the ApiClient needs. */
export interface ClientSettings {
  endpoint: string;
  credentials: Credentials;
  caCertPem?: string;
  /** Certificates trusted beside Node's own roots (NODE_EXTRA_CA_CERTS, handed over by the launcher); unused with caCertPem. */
  extraCaCertsPem?: string;
  timeoutMs: number;
  /** Waits double from initialBackoffMs up to maxBackoffMs (uncapped when absent) between at most maxAttempts tries. */
  retry: { maxAttempts: number; initialBackoffMs: number; maxBackoffMs?: number };
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8025';

/**
 * Resolves settings. A configured attribute wins; SMTP_RELAY_ENDPOINT / SMTP_RELAY_TOKEN / SMTP_RELAY_USERNAME /
 * SMTP_RELAY_PASSWORD only fill attributes the provider block leaves null; then the default endpoint. Exactly one
 * way to authenticate, a token or username+password, and conflicts are judged among configured values: credentials
 * the block sets decide the kind (username+password in the block beats an exported token), the environment
 * completes that kind only, and with none in the block an exported token beats exported username/password.
 */
export function resolveClientSettings(config: ProviderConfig, env: NodeJS.ProcessEnv): ClientSettings {
  const endpoint = config.endpoint ?? env.SMTP_RELAY_ENDPOINT ?? DEFAULT_ENDPOINT;
  const { token, username, password } = resolveCredentials(config, env);
  const problems: Diagnostic[] = [];
  const problem = (attribute: string, summary: string, detail: string) => problems.push({ severity: 'error', summary, detail, attribute: [{ attribute }] });

  let url: URL | undefined;
  try { url = new URL(endpoint); } catch { /* reported below */ }
  if (!url || !['http:', 'https:'].includes(url.protocol)) problem('endpoint', 'Invalid endpoint', `endpoint must be an http:// or https:// URL, got "${endpoint}".`);
  if (config.ca_cert_pem && url?.protocol !== 'https:') problem('ca_cert_pem', 'CA certificate without HTTPS', 'ca_cert_pem applies only to an https:// endpoint.');
  if (config.ca_cert_pem && !config.ca_cert_pem.includes('-----BEGIN CERTIFICATE-----')) problem('ca_cert_pem', 'Invalid CA certificate', 'ca_cert_pem must be a PEM certificate.');
  if (config.token !== null && (config.username !== null || config.password !== null)) problem('token', 'Conflicting credentials', 'Set either token or username and password, not both.');
  if (!token && Boolean(username) !== Boolean(password)) problem(username ? 'password' : 'username', 'Incomplete credentials', 'username and password go together.');
  if (!token && !username) problem('token', 'Missing credentials', 'Set token (or SMTP_RELAY_TOKEN), or username and password (SMTP_RELAY_USERNAME / SMTP_RELAY_PASSWORD).');
  // The launcher moves NODE_EXTRA_CA_CERTS out of Node's start-up (see scripts/build.mjs); honour it here. The
  // self-contained executable (scripts/build-sea.mjs) has no launcher: Node read the file at start-up and only warned
  // if it could not, so it is read again here, to name an unreadable file in a diagnostic.
  const extraCaFile = url?.protocol === 'https:' && !config.ca_cert_pem ? env.SMTP_PROVIDER_EXTRA_CA_CERTS ?? env.NODE_EXTRA_CA_CERTS : undefined;
  let extraCaCertsPem: string | undefined;
  if (extraCaFile) {
    try {
      extraCaCertsPem = readFileSync(extraCaFile, 'utf8');
    } catch (error) {
      problems.push({ severity: 'error', summary: 'Cannot read NODE_EXTRA_CA_CERTS', detail: `NODE_EXTRA_CA_CERTS names ${extraCaFile}: ${(error as Error).message}` });
    }
  }
  if (problems.length > 0) throw new DiagnosticsError(problems);

  return {
    endpoint: url!.toString(),
    credentials: token ? { token } : { username: username!, password: password! },
    ...(config.ca_cert_pem ? { caCertPem: config.ca_cert_pem } : {}),
    ...(extraCaCertsPem ? { extraCaCertsPem } : {}),
    timeoutMs: 30_000,
    // 200 ms doubling to 2 s, 10 tries: about 13 s, enough to ride out a restart of the relay (its start takes seconds).
    retry: { maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 2_000 },
  };
}

/** The credentials in effect: the kind the block configures (if any), each attribute from the block else the environment. */
function resolveCredentials(config: ProviderConfig, env: NodeJS.ProcessEnv): { token: string | null; username: string | null; password: string | null } {
  const basic = () => ({ token: null, username: config.username ?? env.SMTP_RELAY_USERNAME ?? null, password: config.password ?? env.SMTP_RELAY_PASSWORD ?? null });
  if (config.token !== null) return { token: config.token, username: config.username, password: config.password };
  if (config.username !== null || config.password !== null) return basic();
  return env.SMTP_RELAY_TOKEN ? { token: env.SMTP_RELAY_TOKEN, username: null, password: null } : basic();
}
