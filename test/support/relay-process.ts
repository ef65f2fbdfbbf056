// Starts the real relay as a child process (`node --import tsx relay-service/src/cli.ts serve`) for end-to-end tests.
//
// Usage:
//   const relay = await startRelayProcess();           // temp data dir, free API port, admin token set
//   t.after(() => relay.dispose());                     // SIGTERM (SIGKILL after 5 s), then removes the temp dir
//   const created = await relay.api('POST', '/v1/virtual-servers', { name: 'vs', port: 2525 });
//   await relay.kill9(); await relay.restart();         // crash and come back on the same data dir and port
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** One API response: status, headers, parsed JSON body (undefined when empty or not JSON) and the raw text. */
export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the API with the admin token unless `headers.authorization` is given ('' sends none). */
export type ApiCall = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResult<T>>;

/** A small typed client for the management API at `baseUrl`. */
export function apiClient(baseUrl: string, token: string): ApiCall {
  return async (method, path, body, headers = {}) => {
    const authorization = headers.authorization ?? `Bearer ${token}`;
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
        ...(authorization ? { authorization } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

export interface RelayProcess {
  apiUrl: string;
  /** The admin token (set through SMTP_RELAY_ADMIN_TOKEN, or read from <data-dir>/admin-token). */
  token: string;
  dataDir: string;
  /** PID of the current child; changes on restart. */
  pid: number;
  api: ApiCall;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code (null when killed). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill9(): Promise<void>;
  /** Stops the child if running and starts a new one on the same data dir and port. */
  restart(): Promise<void>;
  /** stop(), then removes the data dir if this helper created it. */
  dispose(): Promise<void>;
}

export interface RelayProcessOptions {
  /** Existing data dir to use (kept by dispose); default: a new temp dir. */
  dataDir?: string;
  /** Admin token to configure; null = let the relay generate one (read from its admin-token file). */
  adminToken?: string | null;
  env?: Record<string, string>;
  /** Node flags for the child before `--import tsx`, e.g. `['--cpu-prof']` (which NODE_OPTIONS does not take). */
  execArgv?: string[];
  /** How long to wait for /healthz (default 20 s). */
  startTimeoutMs?: number;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts the relay and waits until /healthz answers; rejects with the child's output when it does not. */
export async function startRelayProcess(options: RelayProcessOptions = {}): Promise<RelayProcess> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relay-process-'));
  const configured = options.adminToken === undefined ? `test-admin-${randomBytes(12).toString('hex')}` : options.adminToken;
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  let output = '';
  let child!: ChildProcess;

  async function launch(): Promise<void> {
    output = '';
    const env: NodeJS.ProcessEnv = { ...process.env, SMTP_RELAY_LOG_LEVEL: 'warn', ...options.env, SMTP_RELAY_ADMIN_TOKEN: configured ?? undefined };
    if (!configured) delete env.SMTP_RELAY_ADMIN_TOKEN;
    child = spawn(process.execPath, [...(options.execArgv ?? []), '--import', 'tsx', 'relay-service/src/cli.ts', 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${port}`], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode} before it was healthy:\n${output}`);
      const healthy = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`relay was not healthy within the timeout:\n${output}`);
  }

  async function stop(timeoutMs = 5000): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited(child);
    } finally {
      clearTimeout(timer);
    }
  }

  await launch();
  const token = configured ?? readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const relay: RelayProcess = {
    apiUrl, token, dataDir, pid: child.pid!,
    api: apiClient(apiUrl, token),
    output: () => output,
    stop,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: async () => {
      await stop();
      await launch();
      relay.pid = child.pid!;
    },
    dispose: async () => {
      await stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return relay;
}
