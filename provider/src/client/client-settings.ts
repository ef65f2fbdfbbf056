// The API client's settings, resolved from the provider block and the environment, with diagnostics naming the attribute.
import { readFileSync } from 'node:fs';
import { resolveApiConnection, type ApiCredentials } from '@relayform/schema/api-connection.ts';
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

/** How the provider authenticates (secrets: never log them). */
export type Credentials = ApiCredentials;

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

/**
 * Resolves settings by the rule every API client shares (schema's resolveApiConnection: a configured attribute wins,
 * the SMTP_RELAY_* environment fills attributes the block leaves null, then the default endpoint; one kind of
 * credentials), plus what only the provider has: ca_cert_pem and the launcher's extra CA certificates.
 */
export function resolveClientSettings(config: ProviderConfig, env: NodeJS.ProcessEnv): ClientSettings {
  const connection = resolveApiConnection(config, env);
  const url = connection.endpoint;
  const problems: Diagnostic[] = connection.problems.map(({ input, summary, detail }) => ({ severity: 'error', summary, detail, attribute: [{ attribute: input }] }));
  const problem = (attribute: string, summary: string, detail: string) => problems.push({ severity: 'error', summary, detail, attribute: [{ attribute }] });

  if (config.ca_cert_pem && url?.protocol !== 'https:') problem('ca_cert_pem', 'CA certificate without HTTPS', 'ca_cert_pem applies only to an https:// endpoint.');
  if (config.ca_cert_pem && !config.ca_cert_pem.includes('-----BEGIN CERTIFICATE-----')) problem('ca_cert_pem', 'Invalid CA certificate', 'ca_cert_pem must be a PEM certificate.');
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
  if (problems.length > 0 || !connection.credentials) throw new DiagnosticsError(problems);

  return {
    endpoint: connection.endpoint.toString(),
    credentials: connection.credentials,
    ...(config.ca_cert_pem ? { caCertPem: config.ca_cert_pem } : {}),
    ...(extraCaCertsPem ? { extraCaCertsPem } : {}),
    timeoutMs: 30_000,
    // 200 ms doubling to 2 s, 10 tries: about 13 s, enough to ride out a restart of the relay (its start takes seconds).
    retry: { maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 2_000 },
  };
}
