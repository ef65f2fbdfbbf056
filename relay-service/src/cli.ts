// The smtp-relay command line: `smtp-relay serve [--data-dir DIR] [--api-listen HOST:PORT] [--api-tls-cert FILE --api-tls-key FILE] [--workers N|auto]`
// `smtp-relay export --hcl ...` (relay-service/src/export/export-command.ts),
// `smtp-relay import iis --metabase MetaBase.xml ...` and `smtp-relay import postfix --config-dir DIR` (relay-service/src/import/),
// and the operator commands, API clients only (`queue`, `relay-check`, `outbound-check`, `audit`, `status`, `send-test`: relay-service/src/cli/).
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { exitCodesHelp } from './cli/exit-codes.ts';
import { isOperatorCommand, operatorCommandList, runOperatorCli } from './cli/operator-cli.ts';
import type { RelayOptions } from './main.ts';

const usage = 'usage: smtp-relay serve [--data-dir DIR] [--api-listen HOST:PORT] [--api-tls-cert FILE --api-tls-key FILE] [--workers N|auto]';

/** `smtp-relay --help`: every command, the connection settings of the operator commands, the exit codes. */
const topLevelHelp = `usage: smtp-relay <command> [options]   (smtp-relay <command> --help for each)

Running the relay:
  smtp-relay serve     Run the relay: SMTP listeners, delivery and the management API (env SMTP_RELAY_DATA_DIR, SMTP_RELAY_API_LISTEN, ...)
  smtp-relay export    Print a running relay's configuration (or a data dir's) as Terraform
  smtp-relay import    Turn an IIS 6 MetaBase.xml (import iis) or a Postfix config dir (import postfix) into Terraform

Operating the relay (clients of the management API: --endpoint/SMTP_RELAY_ENDPOINT, --token/SMTP_RELAY_TOKEN or
--username/--password (SMTP_RELAY_USERNAME/SMTP_RELAY_PASSWORD), --ca-file for HTTPS; --output json on every command):
${operatorCommandList()}

${exitCodesHelp}
`;

// The relay itself, the export and the importers are imported when their command runs: an operator command (an API
// client, run often from a shell) then loads only relay-service/src/cli/, not the whole relay.
const importUsage = async () => `usage: smtp-relay import iis|postfix ...\n${(await import('./import/iis/import-command.ts')).importIisUsage}\n` +
  `${(await import('./import/postfix/import-command.ts')).importPostfixUsage}`;

/** The help of serve, export and import. */
const runHelp: Record<string, () => Promise<string>> = {
  serve: async () => `${usage}\n`,
  export: async () => `${(await import('./export/export-command.ts')).exportUsage}\n`,
  import: async () => `${await importUsage()}\n`,
};

/** Splits HOST:PORT (IPv6 as [::1]:8025). */
function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`--api-listen must be HOST:PORT, got "${value}"`);
  return { host: match[1] ?? match[2], port };
}

/** --workers / SMTP_RELAY_WORKERS: 0 = the data plane in the main process; "auto" = one worker process per CPU. */
function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  if (!/^\d{1,2}$/.test(value)) throw new Error(`--workers must be a number from 0 to 99 or "auto", got "${value}"`);
  return Number(value);
}

/** The settings of a node that shares its store with others: SMTP_RELAY_DATABASE_URL and friends (environment only: URLs carry passwords). */
function readSharedStoreOptions(env: NodeJS.ProcessEnv, isPostgresUrl: (url: string) => boolean): Pick<RelayOptions, 'databaseUrl' | 'smtpBindAddress' | 'queueLeaseMs' | 'rateWindowMs'> {
  const { SMTP_RELAY_DATABASE_URL: url, SMTP_RELAY_SMTP_BIND_ADDRESS: bind, SMTP_RELAY_QUEUE_LEASE_SECONDS: lease, SMTP_RELAY_RATE_WINDOW_SECONDS: window } = env;
  if (url && !isPostgresUrl(url)) throw new Error('SMTP_RELAY_DATABASE_URL must be a postgres:// or postgresql:// URL');
  if (bind && !isIP(bind)) throw new Error(`SMTP_RELAY_SMTP_BIND_ADDRESS must be an IP address, got "${bind}"`);
  if (lease && !(Number(lease) >= 1)) throw new Error(`SMTP_RELAY_QUEUE_LEASE_SECONDS must be a number >= 1, got "${lease}"`);
  if (window && !(Number(window) >= 1 && Number(window) <= 60)) throw new Error(`SMTP_RELAY_RATE_WINDOW_SECONDS must be a number from 1 to 60, got "${window}"`);
  return {
    ...(url ? { databaseUrl: url } : {}), ...(bind ? { smtpBindAddress: bind } : {}), ...(lease ? { queueLeaseMs: Number(lease) * 1000 } : {}),
    ...(window ? { rateWindowMs: Number(window) * 1000 } : {}),
  };
}

/** SMTP_RELAY_STATS_INTERVAL_SECONDS: how often each process writes its per-minute traffic counts and samples the queue (default 10). */
function readStatsInterval(env: NodeJS.ProcessEnv): Pick<RelayOptions, 'statsIntervalMs'> {
  const seconds = env.SMTP_RELAY_STATS_INTERVAL_SECONDS;
  if (seconds === undefined || seconds === '') return {};
  if (!(Number(seconds) >= 1 && Number(seconds) <= 60)) throw new Error(`SMTP_RELAY_STATS_INTERVAL_SECONDS must be a number from 1 to 60, got "${seconds}"`);
  return { statsIntervalMs: Number(seconds) * 1000 };
}

/** Flags win over the environment; the environment wins over the defaults. */
function readOptions(argv: string[], env: NodeJS.ProcessEnv, isPostgresUrl: (url: string) => boolean): RelayOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' }, 'api-listen': { type: 'string' },
      'api-tls-cert': { type: 'string' }, 'api-tls-key': { type: 'string' }, workers: { type: 'string' },
    },
  });
  if (positionals[0] !== 'serve' || positionals.length > 1) throw new Error(`${usage}\n(smtp-relay --help lists every command)`);
  const listen = parseListen(values['api-listen'] ?? env.SMTP_RELAY_API_LISTEN ?? '127.0.0.1:8025');
  const certFile = values['api-tls-cert'] ?? env.SMTP_RELAY_API_TLS_CERT;
  const keyFile = values['api-tls-key'] ?? env.SMTP_RELAY_API_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('--api-tls-cert and --api-tls-key go together');
  return {
    dataDir: resolve(values['data-dir'] ?? env.SMTP_RELAY_DATA_DIR ?? '.relay-data'),
    apiHost: listen.host,
    apiPort: listen.port,
    ...(certFile && keyFile ? { apiTls: { certFile, keyFile } } : {}),
    ...(env.SMTP_RELAY_ADMIN_TOKEN ? { adminToken: env.SMTP_RELAY_ADMIN_TOKEN } : {}),
    workers: parseWorkers(values.workers ?? env.SMTP_RELAY_WORKERS ?? '0'),
    ...(env.SMTP_RELAY_STEP_TRACE ? { stepTraceFile: resolve(env.SMTP_RELAY_STEP_TRACE) } : {}),
    ...readSharedStoreOptions(env, isPostgresUrl),
    ...readStatsInterval(env),
  };
}

/** The terminal around an operator command: confirmations are asked on stderr, answered on stdin. */
async function runOperator(argv: string[]): Promise<void> {
  process.exitCode = await runOperatorCli(argv, {
    stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env,
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try { return await terminal.question(question); } finally { terminal.close(); }
    },
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(topLevelHelp);
    return;
  }
  if (isOperatorCommand(process.argv.slice(2))) return runOperator(process.argv.slice(2));
  if (runHelp[command] && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(await runHelp[command]());
    return;
  }
  if (process.argv[2] === 'export') {
    try {
      const { runExportCommand } = await import('./export/export-command.ts');
      process.stdout.write(await runExportCommand(process.argv.slice(3), process.env));
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 2;
    }
    return;
  }
  if (process.argv[2] === 'import') {
    try {
      const source = process.argv[3];
      if (source !== 'iis' && source !== 'postfix') throw new Error(await importUsage());
      const { hcl, report } = source === 'iis' ? (await import('./import/iis/import-command.ts')).runImportIisCommand(process.argv.slice(4))
        : (await import('./import/postfix/import-command.ts')).runImportPostfixCommand(process.argv.slice(4));
      process.stderr.write(report);
      process.stdout.write(hcl);
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 2;
    }
    return;
  }
  let options: RelayOptions;
  try {
    options = readOptions(process.argv.slice(2), process.env, (await import('./store/postgres/open-postgres-stores.ts')).isPostgresUrl);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const { startRelay } = await import('./main.ts');
  const relay = await startRelay(options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    relay.stop(signal).then(() => process.exit(0), (error) => {
      console.error(`stop after ${signal} failed:`, error);
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error('smtp-relay failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
