// Runs the real `smtp-relay` executable as a child process (asynchronously, so sinks in the test process keep answering) and collects its output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../relay-service/bin/smtp-relay.mjs', import.meta.url));

/** What one run of the command printed and how it exited. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output when it is not). */
  json: () => any;
}

/** The environment of a run: the test's own, without any SMTP_RELAY_* it may carry, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SMTP_RELAY_')));
  return { ...clean, ...env };
}

/** Runs `smtp-relay ...args` with stdin from `input` (not a terminal), and resolves when it exits; killed after `timeoutMs`. */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: cliEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        status, stdout, stderr,
        json: () => {
          try { return JSON.parse(stdout); } catch { throw new Error(`not JSON (exit ${status}):\n${stdout}\nstderr:\n${stderr}`); }
        },
      });
    });
  });
}

/** Starts `smtp-relay ...args` and leaves it running (audit tail --follow); lines of stdout are collected as they come. */
export function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    const text = partial + chunk;
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return {
    lines,
    stderr: () => stderr,
    /** Resolves once `predicate` holds for a collected line; rejects after `timeoutMs`. */
    async waitForLine(predicate: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find(predicate);
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no such line within ${timeoutMs} ms; got:\n${lines.join('\n')}\nstderr:\n${stderr}`);
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
