// Acceptance-test harness: installs the provider into a temp filesystem mirror once per test process and runs the
// real `terraform` binary in temp working directories.
//
//   if (!acceptance.enabled) { test('smtp_account acceptance', { skip: acceptance.skipReason }, () => {}); }
//   const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
//   t.after(() => tf.dispose());
//   tf.writeConfig(`resource "smtp_account" "a" { ... }`);   // the terraform/provider blocks are added
//   await tf.ok('apply', '-auto-approve');                   // throws with stdout+stderr when the exit code is not 0
//   const state = await tf.state();                           // `terraform show -json`, parsed
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const TERRAFORM = process.env.TERRAFORM_BINARY ?? 'terraform';

/** Acceptance tests run like Terraform's TF_ACC: when TF_ACC=1 or CI=true (`npm test` sets TF_ACC=1). */
export const acceptance = {
  enabled: process.env.TF_ACC === '1' || process.env.CI === 'true',
  skipReason: 'acceptance test: set TF_ACC=1 (or CI=true) to run it against the real terraform binary',
};

/** The outcome of one terraform command. */
export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface TerraformWorkspace {
  dir: string;
  /** Writes main.tf: the required_providers block and `provider "smtp" {}` followed by `hcl`. */
  writeConfig(hcl: string, providerBlock?: string): void;
  /** Runs `terraform <args>` (-no-color and -input=false added where they apply). */
  run(...args: string[]): Promise<TerraformResult>;
  /** Starts `terraform <args>` like run() (init first if needed) and hands over its PID, to signal it or find its providers. */
  start(...args: string[]): Promise<{ pid: number; result: Promise<TerraformResult> }>;
  /** run(), throwing with the output unless the exit code is 0. */
  ok(...args: string[]): Promise<TerraformResult>;
  /** `terraform show -json`, parsed (values.root_module.resources[]). */
  state(): Promise<any>;
  /** The raw terraform.tfstate text (to prove secrets are absent). */
  stateFile(): string;
  /** The attributes of the resource instance at `address` (e.g. `smtp_account.a`), read from terraform.tfstate (no terraform run). */
  attributes(address: string): Record<string, any>;
  dispose(): void;
}

let installed: Promise<{ cliConfig: string; binary: string }> | undefined;

/**
 * Builds the provider and installs it into a temp mirror, once per process (removed at exit).
 * Resolves to the CLI config file for TF_CLI_CONFIG_FILE and the built provider executable.
 */
export function installProviderOnce(): Promise<{ cliConfig: string; binary: string }> {
  installed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-provider-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const binary = join(dir, 'provider.cjs');
    const result = await exec(process.execPath, ['provider/scripts/install.mjs', '--mirror', join(dir, 'mirror'), '--build', binary], repoRoot, process.env, 60_000);
    if (result.code !== 0) throw new Error(`provider install failed:\n${result.stdout}${result.stderr}`);
    return { cliConfig: join(dir, 'mirror', 'terraform.rc'), binary };
  })();
  return installed;
}

/** A fresh working directory with `terraform init` done lazily on the first command. */
export async function terraformWorkspace(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<TerraformWorkspace> {
  const { cliConfig } = await installProviderOnce();
  const dir = mkdtempSync(join(tmpdir(), 'tf-work-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_LOG: '', ...options.env,
  };
  let initialized = false;
  const flags = (command: string) => [
    ...(['init', 'plan', 'apply', 'destroy', 'import', 'show', 'validate', 'refresh', 'state'].includes(command) ? ['-no-color'] : []),
    ...(['init', 'plan', 'apply', 'destroy', 'import', 'refresh'].includes(command) ? ['-input=false'] : []),
  ];
  const start = async (...args: string[]) => {
    if (!initialized && args[0] !== 'init') {
      initialized = true;
      await ok('init');
    }
    let pid = 0;
    const result = exec(TERRAFORM, [args[0], ...flags(args[0]), ...args.slice(1)], dir, env, options.timeoutMs ?? 120_000, (child) => { pid = child.pid ?? 0; });
    return { pid, result };
  };
  const run = async (...args: string[]): Promise<TerraformResult> => (await start(...args)).result;
  const ok = async (...args: string[]): Promise<TerraformResult> => {
    const result = await run(...args);
    if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const stateFile = () => readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
  return {
    dir,
    writeConfig(hcl, providerBlock = 'provider "smtp" {}') {
      writeFileSync(join(dir, 'main.tf'), `terraform {\n  required_providers {\n    smtp = { source = "relayform/smtp" }\n  }\n}\n\n${providerBlock}\n\n${hcl}\n`);
    },
    run,
    start,
    ok,
    state: async () => JSON.parse((await ok('show', '-json')).stdout),
    stateFile,
    attributes(address) {
      const state = JSON.parse(stateFile()) as { resources: { mode: string; type: string; name: string; instances: { attributes: Record<string, any> }[] }[] };
      const found = state.resources.find((r) => r.mode === 'managed' && `${r.type}.${r.name}` === address);
      if (!found) throw new Error(`${address} is not in the state (it has ${state.resources.map((r) => `${r.type}.${r.name}`).join(', ') || 'nothing'})`);
      return found.instances[0].attributes;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a command to completion (killed by PID after `timeoutMs`), capturing output and wall time; `onStart` gets the child. */
export function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, onStart?: (child: ChildProcess) => void): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onStart?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal ? `${stderr}\nkilled by ${signal} after ${timeoutMs} ms` : stderr, ms: performance.now() - started });
    });
  });
}
