// The relay the security tests attack: a real child process (so its RSS and its log output can be read), a sink as smart host.
import type { TestContext } from 'node:test';
import { readFileSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import { startRelayProcess, type ApiResult, type RelayProcess } from '../support/relay-process.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';

/** A relay under attack; both processes are stopped by t.after. */
export interface HostileRelay {
  relay: RelayProcess;
  /** Every virtual server created here delivers to it: whatever it receives left the relay. */
  sink: SmtpSink;
  /** Creates a virtual server (sink as smart host, 3 s retries) on a free port and waits for its listener. */
  createServer(fields?: Record<string, unknown>): Promise<{ id: string; port: number; drop_directory: string }>;
  /** The API call, failing the test unless the status is `expected`. */
  expect<T = any>(expected: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>>;
}

/** Starts the sink and the relay (log level `logLevel`, default warn) and registers their stop with `t`. */
export async function startHostileRelay(t: TestContext, options: { logLevel?: string; env?: Record<string, string> } = {}): Promise<HostileRelay> {
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const relay = await startRelayProcess({ env: { SMTP_RELAY_LOG_LEVEL: options.logLevel ?? 'warn', ...options.env } });
  t.after(() => relay.dispose());
  const expect: HostileRelay['expect'] = async (expected, method, path, body, headers) => {
    const result = await relay.api(method, path, body, headers);
    if (result.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${result.status} ${result.text}`);
    return result;
  };
  return {
    relay,
    sink,
    expect,
    async createServer(fields = {}) {
      const port = await freePort();
      const created = await expect(201, 'POST', '/v1/virtual-servers', {
        name: `hostile-${port}`, port,
        delivery: { smart_host: sink.host, smart_host_port: sink.port, retry_intervals_minutes: [0.05] },
        ...fields,
      });
      await waitForListener(port);
      return { id: created.body.id, port, drop_directory: created.body.drop_directory };
    },
  };
}

/** Resident set size of a process in KiB (VmRSS of /proc/<pid>/status). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
