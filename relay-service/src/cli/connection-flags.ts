// The flags every API command takes (endpoint, credentials, CA file, output) and how they become the OperatorApi.
import { readFileSync } from 'node:fs';
import { DEFAULT_ENDPOINT, resolveApiConnection } from '@relayform/schema/api-connection.ts';
import type { FlagSpec } from './command.ts';
import { usageError } from './exit-codes.ts';
import { OperatorApi } from './operator-api.ts';

/** Connection flags; environment variables as the Terraform provider reads them. */
export const connectionFlags: Record<string, FlagSpec> = {
  endpoint: { type: 'string', value: 'URL', description: `Management API URL (env SMTP_RELAY_ENDPOINT; default ${DEFAULT_ENDPOINT}); any node of a cluster` },
  token: { type: 'string', value: 'TOKEN', description: 'Bearer token, admin or issued (env SMTP_RELAY_TOKEN)' },
  username: { type: 'string', value: 'NAME', description: 'Account (DOMAIN\\name or name) instead of a token (env SMTP_RELAY_USERNAME)' },
  password: { type: 'string', value: 'PASSWORD', description: 'Its password (env SMTP_RELAY_PASSWORD; prefer the environment: flags show in ps)' },
  'ca-file': { type: 'string', value: 'FILE', description: 'PEM CA certificate to trust for an https:// endpoint (env SMTP_RELAY_CA_FILE)' },
};

/** The output flag, on every command. */
export const outputFlag: Record<string, FlagSpec> = {
  output: { type: 'string', value: 'table|json', description: 'table (default, for people) or json (one document on stdout, for scripts)' },
};

/** Builds the API client from the flags and the environment; a problem is a usage error (exit 2) naming the flag. */
export function apiFromFlags(values: Record<string, unknown>, env: NodeJS.ProcessEnv): OperatorApi {
  const flag = (name: string) => (typeof values[name] === 'string' ? values[name] as string : null);
  const connection = resolveApiConnection({ endpoint: flag('endpoint'), token: flag('token'), username: flag('username'), password: flag('password') }, env);
  if (!connection.credentials) {
    throw usageError(connection.problems.map((p) => `--${p.input}: ${p.summary}: ${p.detail}`).join('\n'));
  }
  const caFile = flag('ca-file') ?? env.SMTP_RELAY_CA_FILE ?? null;
  if (caFile && connection.endpoint.protocol !== 'https:') throw usageError('--ca-file applies only to an https:// endpoint');
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw usageError(`--ca-file: cannot read ${caFile}: ${(error as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw usageError(`--ca-file: ${caFile} is not a PEM certificate`);
  }
  return new OperatorApi(connection.endpoint, connection.credentials, ca);
}
