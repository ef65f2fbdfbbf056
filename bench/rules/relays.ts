// The two relays the rules benchmark compares: this working tree and an older commit exported beside it, both real processes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressMatch } from '@relayform/schema/model.ts';
import { apiClient, type ApiCall } from '../../test/support/api-client.ts';
import { freePort } from '../../test/support/free-port.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `git archive REF` of this repository in a temp dir, with a node_modules of links to this tree's packages (its own
 * workspaces linked inside it), so its TypeScript runs with tsx exactly as that commit had it. Returns the dir.
 */
export function exportTree(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'relayform-rules-ref-'));
  execFileSync('sh', ['-c', `git archive "$0" | tar -x -C "$1"`, ref, dir], { cwd: repoRoot });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@relayform'), { recursive: true });
  for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
    if (name !== '@relayform') symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name));
  }
  for (const workspace of ['relay-service', 'schema', 'x509', 'provider']) symlinkSync(`../../${workspace}`, join(modules, '@relayform', workspace));
  return dir;
}

/** One relay process (`smtp-relay serve`, one process, log level warn) of one tree, on a temp data dir. */
export interface BenchRelay {
  label: string;
  tree: string;
  pid: number;
  /** The management API's base URL and admin token. */
  url: string;
  token: string;
  api: ApiCall;
  /** Stops the process, runs `work` on its data dir (the relay's SQLite files closed), starts it again (a new PID and API port). */
  offline(work: (dataDir: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** How a bench relay runs: its TypeScript through tsx (default) or the production build; `fdLimit: 'hard'` raises its open-files limit to the hard one. */
export interface RelayRun {
  code?: 'sources' | 'built';
  fdLimit?: 'inherit' | 'hard';
  nodeOptions?: string[];
}

export async function startRelay(label: string, tree: string, run: RelayRun = {}): Promise<BenchRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), `relayform-rules-${label}-`));
  const token = randomBytes(18).toString('hex');
  if (run.code === 'built') execFileSync(process.execPath, [join(tree, 'relay-service/scripts/build.mjs'), '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const entry = run.code === 'built' ? [join(tree, 'relay-service/bin/smtp-relay.mjs')] : ['--import', 'tsx', join(tree, 'relay-service/src/cli.ts')];
  const spawnRelay = async () => {
    const port = await freePort();
    const args = [...(run.nodeOptions ?? []), ...entry, 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${port}`];
    // Through sh so `ulimit` applies to the relay alone; exec keeps the PID the relay's.
    const [command, argv] = run.fdLimit === 'hard'
      ? ['sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, ...args]]
      : [process.execPath, args];
    const child: ChildProcess = spawn(command, argv,
      { cwd: tree, env: { ...process.env, SMTP_RELAY_LOG_LEVEL: 'warn', SMTP_RELAY_ADMIN_TOKEN: token, SMTP_RELAY_WORKERS: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`relay ${label} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { child, url };
  };
  const stopChild = async (child: ChildProcess) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }
  };
  let { child, url } = await spawnRelay();
  const relay: BenchRelay = {
    label, tree, pid: child.pid!, url, token, api: apiClient(url, token),
    offline: async (work) => {
      await stopChild(child);
      await work(dataDir);
      ({ child, url } = await spawnRelay());
      Object.assign(relay, { pid: child.pid!, url, api: apiClient(url, token) });
    },
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return relay;
}

/**
 * Creates the rules straight in a stopped relay's config store (`tree`'s own code: ResourceService, the API's service
 * layer, so each rule gets the same validation, defaults, id and audit entry as through the API, without HTTP), `parallel`
 * transactions at a time sharing SQLite group commits; the last rule last.
 */
export async function loadRules(tree: string, dataDir: string, serverId: string, kind: 'relay-rules' | 'connection-rules', rules: AddressMatch[], parallel = 64): Promise<void> {
  const code = (path: string) => import(join(tree, 'relay-service/src', path));
  const { SqliteConfigStore } = await code('store/sqlite/config-store.ts');
  const { SecretBox } = await code('auth/secret-box.ts');
  const { ResourceService } = await code('api/resource-service.ts');
  const { relayRuleResource, connectionRuleResource } = await code('api/resources/address-rule-resources.ts');
  const store = SqliteConfigStore.open(join(dataDir, 'config.sqlite'));
  try {
    const service = new ResourceService(kind === 'relay-rules' ? relayRuleResource : connectionRuleResource,
      { store, secretBox: SecretBox.fromKeyFile(join(dataDir, 'secret.key')), dataDir, hostName: 'bench.test' });
    const create = (rule: AddressMatch) => service.create({ kind: 'admin' }, serverId, ruleBody(rule));
    for (let at = 0; at < rules.length - 1; at += parallel) await Promise.all(rules.slice(at, Math.min(at + parallel, rules.length - 1)).map(create));
    if (rules.length > 0) await create(rules[rules.length - 1]);
  } finally {
    await store.close();
  }
}

/** The non-null members of a rule: the body the API takes. */
export function ruleBody(rule: AddressMatch): Record<string, string> {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== null)) as Record<string, string>;
}

/** Creates the rules through the API, `parallel` requests at a time (they share the store's group commits); the last one last. */
export async function createRules(api: ApiCall, serverId: string, kind: 'relay-rules' | 'connection-rules', rules: AddressMatch[], parallel = 32): Promise<void> {
  // A request whose kept-alive connection the server closed at that moment fails without an answer: sent again with
  // the same Idempotency-Key it cannot create the rule twice.
  const create = async (rule: AddressMatch, index: number) => {
    for (let attempt = 1; ; attempt += 1) {
      const result = await api('POST', `/v1/virtual-servers/${serverId}/${kind}`, ruleBody(rule), { 'idempotency-key': `bench-${kind}-${index}` })
        .catch((error: unknown) => { if (attempt >= 5) throw error; return null; });
      if (result === null) continue;
      if (result.status !== 201 && result.status !== 200) throw new Error(`POST ${kind}: ${result.status} ${result.text}`);
      return;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < rules.length - 1) {
      const index = next++;
      await create(rules[index], index);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  // The rule meant to be last (the bench client, the worst place for a scan) is stored last.
  if (rules.length > 0) await create(rules[rules.length - 1], rules.length - 1);
}
