// The one way tests start the real relay: in this process (startRelay from main.ts) or as a child process (`smtp-relay serve`).
//
// Usage:
//   const relay = await startTestRelay();                          // in process: temp data dir, SQLite, free API port, admin token
//   t.after(() => relay.dispose());                                // stops it, then removes the temp data dir
//   const created = await relay.api('POST', '/v1/virtual-servers', { name: 'vs', port: 2525 });
//   await relay.handles().config.snapshot();                       // in process only: the running relay's stores and reader
//
//   const child = await startTestRelay({ mode: 'child-process' }); // `node --import tsx relay-service/src/cli.ts serve`
//   await startTestRelay({ mode: 'child-process', code: 'built' });   // `node relay-service/bin/smtp-relay.mjs serve` (dist/, no tsx)
//   await child.kill9(); await child.restart();                    // crash and come back on the same data dir and port
//   child.output(); child.pid;                                     // what it wrote to stdout/stderr; its PID
//
//   // a node of a cluster: a given data dir, a PostgreSQL database, its own id and SMTP bind address
//   await startTestRelay({ mode: 'child-process', dataDir, databaseUrl, nodeId: 'node-B', smtpBindAddress: '127.0.0.3' });
//
// Options a mode cannot honour (dnsServers and apiTls for a child, env and execArgv in process) are rejected, not ignored;
// so are the members only one mode has (handles() in process; pid, output() and kill9() for a child).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../relay-service/src/logger.ts';
import { startRelay, type RelayHandles } from '../../relay-service/src/main.ts';
import { apiClient, type ApiCall } from './api-client.ts';
import { freePort } from './free-port.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface TestRelayOptions {
  /** 'in-process' (default): fastest, stores reachable through handles(). 'child-process': its own PID and output, SIGTERM, kill9. */
  mode?: 'in-process' | 'child-process';
  /** Existing data dir to use (kept by dispose); default: a new temp dir (removed by dispose). */
  dataDir?: string;
  /** Admin token to configure; null = let the relay generate one (read from its admin-token file). Default: a random one. */
  adminToken?: string | null;
  /** PostgreSQL URL (SMTP_RELAY_DATABASE_URL) for config and queue; default: SQLite files in the data dir. */
  databaseUrl?: string;
  /** This node's id in queue leases, written to `<data-dir>/node-id` before the start; default: the relay makes one. */
  nodeId?: string;
  /** The secret box key (base64 of 32 bytes) written to `<data-dir>/secret.key`, which nodes of one cluster must share. */
  secretKey?: string;
  /** SMTP_RELAY_SMTP_BIND_ADDRESS: every virtual server listens here (several nodes on one host). */
  smtpBindAddress?: string;
  /** SMTP_RELAY_QUEUE_LEASE_SECONDS. */
  queueLeaseSeconds?: number;
  /** SMTP_RELAY_STATS_INTERVAL_SECONDS: how often each data-plane process writes its per-minute traffic counts. */
  statsIntervalSeconds?: number;
  /** SMTP_RELAY_RATE_WINDOW_SECONDS: the rate limit window (one minute by default), shorter to see it reset. */
  rateWindowSeconds?: number;
  /** SMTP_RELAY_WORKERS: data-plane worker processes (0, the relay's default, = none). */
  workers?: number;
  /** Default: 'warn' for a child, `TEST_LOG_LEVEL` or 'silent' in process. */
  logLevel?: string;
  /** In process only: DNS servers (`host:port`) for reverse and MX look-ups, e.g. a fake DNS. */
  dnsServers?: string[];
  /** In process only: serve the API over HTTPS with these PEM files. */
  apiTls?: { certFile: string; keyFile: string };
  /** Child only: more environment variables. */
  env?: Record<string, string>;
  /** Child only: node flags before `--import tsx`, e.g. `['--cpu-prof']` (which NODE_OPTIONS does not take). */
  execArgv?: string[];
  /**
   * Child only: 'sources' (default) runs the TypeScript through tsx; 'built' runs what production runs, the JavaScript
   * in relay-service/dist/ through bin/smtp-relay.mjs (built before the tests by scripts/run-tests.mjs).
   */
  code?: 'sources' | 'built';
  /** How long to wait for /healthz after a start (default defaultStartTimeoutMs). */
  startTimeoutMs?: number;
}

/** A running relay under test; `api` calls its management API as the admin. */
export interface TestRelay {
  mode: 'in-process' | 'child-process';
  apiUrl: string;
  token: string;
  dataDir: string;
  /** The node id from `<data-dir>/node-id` (the queue's lease owner). */
  nodeId: string;
  api: ApiCall;
  /** In process only: the running relay's stores and config reader (new ones after restart()). */
  handles(): RelayHandles;
  /** Child only: the child's PID (changes on restart). */
  pid: number;
  /** Child only: everything the current child wrote to stdout and stderr. */
  output(): string;
  /** A child gets SIGTERM (SIGKILL after `timeoutMs`) and this resolves with its exit code (null when killed); in process 0 once stopped. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Child only: SIGKILL, a crash. */
  kill9(): Promise<void>;
  /** Stops the relay if running and starts it again on the same data dir and API port. */
  restart(): Promise<void>;
  /** stop(), then removes the data dir if this helper created it. */
  dispose(): Promise<void>;
}

/** How one mode starts and stops the relay; startTestRelay wraps it in the TestRelay handle. */
interface Runner {
  launch(): Promise<void>;
  /** The API's URL once launched (the same after a restart). */
  apiUrl(): string;
  stop(timeoutMs?: number): Promise<number | null>;
  kill9(): Promise<void>;
  handles(): RelayHandles;
  pid(): number;
  output(): string;
}

function unsupported(what: string, mode: string): never {
  throw new Error(`${what} is not available for a relay started with mode '${mode}'`);
}

/**
 * How long a start may take before it counts as failed: a relay starts in a second or two, but on a 2-CPU machine loaded
 * to 20 and more (several test files and helpers at once) starts took longer than the 20 s this once was. The wait ends
 * as soon as /healthz answers, so the bound costs nothing when the start is quick.
 */
const defaultStartTimeoutMs = 90_000;

/**
 * Polls GET /healthz until it answers 200, throwing `failed()`'s message as soon as it has one, or after `timeoutMs`.
 * After a restart on the same port this also uses up the keep-alive sockets to the stopped relay that fetch keeps
 * pooled: a request on one of those fails with "other side closed".
 */
async function untilHealthy(apiUrl: string, timeoutMs: number, failed: () => string | null = () => null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failure = failed();
    if (failure) throw new Error(failure);
    const healthy = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`relay did not answer GET ${apiUrl}/healthz with 200 within ${timeoutMs} ms (startTimeoutMs):`);
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** `smtp-relay serve` as a child process, ready once /healthz answers; a start failure rejects with its output. */
function childRunner(options: TestRelayOptions, dataDir: string, port: number, token: string | null): Runner {
  if (options.dnsServers) unsupported('dnsServers (the command line has no such setting)', 'child-process');
  if (options.apiTls) unsupported('apiTls (the readiness check speaks plain HTTP)', 'child-process');
  const settings: Record<string, string | undefined> = {
    SMTP_RELAY_DATABASE_URL: options.databaseUrl, SMTP_RELAY_SMTP_BIND_ADDRESS: options.smtpBindAddress,
    SMTP_RELAY_QUEUE_LEASE_SECONDS: options.queueLeaseSeconds?.toString(), SMTP_RELAY_WORKERS: options.workers?.toString(),
    SMTP_RELAY_STATS_INTERVAL_SECONDS: options.statsIntervalSeconds?.toString(), SMTP_RELAY_RATE_WINDOW_SECONDS: options.rateWindowSeconds?.toString(),
  };
  let output = '';
  let child!: ChildProcess;
  return {
    async launch() {
      output = '';
      const env: NodeJS.ProcessEnv = { ...process.env, SMTP_RELAY_LOG_LEVEL: options.logLevel ?? 'warn', ...options.env };
      for (const [name, value] of Object.entries(settings)) if (value !== undefined) env[name] = value;
      if (token) env.SMTP_RELAY_ADMIN_TOKEN = token;
      else delete env.SMTP_RELAY_ADMIN_TOKEN;
      const entry = options.code === 'built' ? ['relay-service/bin/smtp-relay.mjs'] : ['--import', 'tsx', 'relay-service/src/cli.ts'];
      child = spawn(process.execPath, [...(options.execArgv ?? []), ...entry, 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${port}`], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      try {
        await untilHealthy(`http://127.0.0.1:${port}`, options.startTimeoutMs ?? defaultStartTimeoutMs,
          () => (child.exitCode === null ? null : `relay exited with ${child.exitCode} before it was healthy:`));
      } catch (error) {
        child.kill('SIGKILL');
        throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
      }
    },
    async stop(timeoutMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited(child);
      } finally {
        clearTimeout(timer);
      }
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    apiUrl: () => `http://127.0.0.1:${port}`,
    handles: () => unsupported('handles()', 'child-process'),
    pid: () => child.pid!,
    output: () => output,
  };
}

/** startRelay() in this process, on 127.0.0.1 and `port` (0 = any free one, the first time). */
function inProcessRunner(options: TestRelayOptions, dataDir: string, port: number, token: string | null): Runner {
  if (options.env) unsupported('env (the relay in this process reads no environment)', 'in-process');
  if (options.execArgv) unsupported('execArgv', 'in-process');
  if (options.code === 'built') unsupported("code: 'built'", 'in-process');
  let relay: RelayHandles | null = null;
  let apiPort = port;
  const stop = async () => {
    const running = relay;
    relay = null;
    await running?.stop();
    return 0;
  };
  return {
    async launch() {
      relay = await startRelay({
        dataDir, apiHost: '127.0.0.1', apiPort, adminToken: token ?? undefined, announce: () => undefined,
        logger: createLogger(options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent'),
        dnsServers: options.dnsServers, apiTls: options.apiTls, databaseUrl: options.databaseUrl,
        smtpBindAddress: options.smtpBindAddress, workers: options.workers,
        queueLeaseMs: options.queueLeaseSeconds === undefined ? undefined : options.queueLeaseSeconds * 1000,
        statsIntervalMs: options.statsIntervalSeconds === undefined ? undefined : options.statsIntervalSeconds * 1000,
        rateWindowMs: options.rateWindowSeconds === undefined ? undefined : options.rateWindowSeconds * 1000,
      });
      apiPort = Number(new URL(relay.apiUrl).port);
      // Over HTTPS fetch would not trust the test certificate; startRelay resolves only once the API listens anyway.
      if (!options.apiTls) await untilHealthy(relay.apiUrl, options.startTimeoutMs ?? defaultStartTimeoutMs).catch(async (error: unknown) => {
        await stop();
        throw error;
      });
    },
    stop,
    kill9: () => unsupported('kill9()', 'in-process'),
    handles: () => relay ?? unsupported('handles() of a stopped relay', 'in-process'),
    pid: () => unsupported('pid', 'in-process'),
    output: () => unsupported('output()', 'in-process'),
    apiUrl: () => relay!.apiUrl,
  };
}

/** Starts the relay and resolves once its API answers; rejects (with a child's output) when it does not start. */
export async function startTestRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const mode = options.mode ?? 'in-process';
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `relay-${mode}-`));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (options.nodeId) writeFileSync(join(dataDir, 'node-id'), `${options.nodeId}\n`, { mode: 0o600 });
  if (options.secretKey) writeFileSync(join(dataDir, 'secret.key'), `${options.secretKey}\n`, { mode: 0o600 });
  const configured = options.adminToken === undefined ? `test-admin-${randomBytes(12).toString('hex')}` : options.adminToken;
  let runner: Runner;
  try {
    runner = mode === 'child-process' ? childRunner(options, dataDir, await freePort(), configured) : inProcessRunner(options, dataDir, 0, configured);
    await runner.launch();
  } catch (error) {
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const apiUrl = runner.apiUrl();
  const token = configured ?? readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  return {
    mode, apiUrl, token, dataDir,
    nodeId: readFileSync(join(dataDir, 'node-id'), 'utf8').trim(),
    api: apiClient(apiUrl, token),
    handles: () => runner.handles(),
    get pid() { return runner.pid(); },
    output: () => runner.output(),
    stop: (timeoutMs) => runner.stop(timeoutMs),
    kill9: () => runner.kill9(),
    restart: async () => {
      await runner.stop();
      await runner.launch();
    },
    dispose: async () => {
      await runner.stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
