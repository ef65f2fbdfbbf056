// `smtp-relay export --hcl`: prints the Terraform export of a running relay (through its API) or of a data dir.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteConfigStore } from '../store/sqlite/config-store.ts';
import { readRelayConfiguration } from './relay-configuration.ts';
import { renderTerraformExport } from './terraform-export.ts';

export const exportUsage = 'usage: smtp-relay export --hcl [--endpoint URL] [--token TOKEN] | --hcl --data-dir DIR\n' +
  '  from the API: --endpoint (or SMTP_RELAY_ENDPOINT, default http://127.0.0.1:8025) with the admin --token (or SMTP_RELAY_TOKEN)\n' +
  '  from a SQLite data dir (the relay may be running): --data-dir DIR';

/**
 * Runs the export subcommand (`argv` after `export`) and resolves to the HCL text. Throws an Error with a message
 * for the user (bad flags, no token, an HTTP error from the API, a data dir without a config store).
 */
export async function runExportCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { hcl: { type: 'boolean' }, endpoint: { type: 'string' }, token: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  if (!values.hcl) throw new Error(exportUsage);
  if (values['data-dir'] !== undefined) {
    const file = join(resolve(values['data-dir']), 'config.sqlite');
    if (!existsSync(file)) throw new Error(`no relay configuration in ${values['data-dir']} (missing config.sqlite)`);
    const store = SqliteConfigStore.open(file);
    try {
      return renderTerraformExport(await readRelayConfiguration(store));
    } finally {
      await store.close();
    }
  }
  const endpoint = (values.endpoint ?? env.SMTP_RELAY_ENDPOINT ?? 'http://127.0.0.1:8025').replace(/\/+$/, '');
  const token = values.token ?? env.SMTP_RELAY_TOKEN;
  if (!token) throw new Error(`the export needs the admin token: --token or SMTP_RELAY_TOKEN\n${exportUsage}`);
  const response = await fetch(`${endpoint}/v1/export?format=hcl`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error.message; } catch { /* not the API's JSON error: show the body as it is */ }
    throw new Error(`GET ${endpoint}/v1/export answered ${response.status}: ${message}`);
  }
  return text;
}
