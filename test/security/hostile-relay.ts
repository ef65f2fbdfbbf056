// The relay the security tests attack, a child process from startTestRelay (so its RSS and its log output can be read), with a sink as smart host.
//
//   const relay = await startTestRelay({ mode: 'child-process', logLevel: 'info' });
//   t.after(() => relay.dispose());
//   const h = await hostileRelay(t, relay);
import type { TestContext } from 'node:test';
import { readFileSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import type { ApiResult } from '../support/api-client.ts';
import { relayOperator } from '../support/relay-operator.ts';
import type { TestRelay } from '../support/test-relay.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';

/** A relay under attack and its smart host. */
export interface HostileRelay {
  relay: TestRelay;
  /** Every virtual server created here delivers to it: whatever it receives left the relay. */
  sink: SmtpSink;
  /** Creates a virtual server (sink as smart host, 3 s retries) on a free port and waits for its listener. */
  createServer(fields?: Record<string, unknown>): Promise<{ id: string; port: number; drop_directory: string }>;
  /** The API call, failing the test unless the status is `expected`. */
  expect<T = any>(expected: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>>;
}

/** Starts the sink (stopped by `t.after`) that every virtual server created on `relay` through the result delivers to. */
export async function hostileRelay(t: TestContext, relay: TestRelay): Promise<HostileRelay> {
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
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
      const created = await relayOperator(relay.api, { smartHost: sink }).createServer({ name: `hostile-${port}`, port, ...fields });
      await waitForListener(port);
      return { id: created.id, port, drop_directory: created.drop_directory };
    },
  };
}

/** Resident set size of a process in KiB (VmRSS of /proc/<pid>/status). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
