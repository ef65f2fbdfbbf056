// Interleaved A/B of the plugin server's HTTP/2 transport (own vs node:http2): `terraform plan` and `terraform apply`
// of N smtp_relay_rule with each build, and N terraform_data in the same rounds as a reference.
//
// Usage: node --import tsx bench/provider/transport-ab.ts [rounds=12] [count=1000] [results.json]
// Builds the provider twice (PROVIDER_HTTP2=own and =node, see provider/scripts/build.mjs) into two temp mirrors,
// starts a real relay (free port, temp data dir), then runs `rounds` rounds. Before each round it waits until no other
// benchmark runs (`pgrep -f` for smtp-source or bench/outbound-tls, every 30 s; at most 40 min over the whole run;
// BENCH_NO_WAIT=1 skips that for a smoke run); a round during which one started is marked (checked every 5 s).
// A round runs the three series once each, in an order that cycles through all six permutations, each in a fresh
// working directory:
//   plan   `terraform plan -out=tfplan` (empty state, creates N)     apply  `terraform apply tfplan`
// Every round has its own relay (started before, stopped after it: a fresh data dir), so nothing is destroyed and no
// round inherits another's rules. terraform_data's configuration declares the smtp provider too (Terraform starts it for
// the schema); it uses the own build in odd rounds and the node build in even ones.
// Prints per-round times, the paired ratios own/node, their medians and distribution-free 95% intervals (order
// statistics of the paired ratios) plus a bootstrap interval of the median, as Markdown for bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProvider } from '../../provider/scripts/build.mjs';
import { installProvider } from '../../provider/scripts/install.mjs';
import { freePort } from '../../test/support/free-port.ts';
import { startRelayProcess } from '../../test/support/relay-process.ts';
import { terraformWorkspace } from '../../test/support/terraform.ts';

const rounds = Number(process.argv[2] ?? 12);
const count = Number(process.argv[3] ?? 1000);
const resultsFile = process.argv[4];

type Series = 'own' | 'node' | 'terraform_data';
const PERMUTATIONS: Series[][] = [
  ['own', 'node', 'terraform_data'], ['node', 'own', 'terraform_data'], ['terraform_data', 'own', 'node'],
  ['terraform_data', 'node', 'own'], ['own', 'terraform_data', 'node'], ['node', 'terraform_data', 'own'],
];

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const utc = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const log = (line: string) => process.stderr.write(`${utc()} ${line}\n`);

/** The PIDs of another benchmark's processes (bench/outbound-tls and its smtp-source), empty when none runs. */
const otherBenchmark = () => spawnSync('pgrep', ['-f', 'smtp-source|bench/outbound-tls'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);

/** All waiting for the other benchmark, over the whole run, is capped at 40 minutes; after that rounds run regardless (and say so). */
const WAIT_BUDGET_MS = 40 * 60_000;
let waitedMs = 0;

/** Before a round: waits (polling every 30 s) until no other benchmark runs, within what is left of the budget. */
async function waitForQuiet() {
  for (;;) {
    const found = otherBenchmark();
    if (found.length === 0 || process.env.BENCH_NO_WAIT === '1') return;
    if (waitedMs >= WAIT_BUDGET_MS) return log(`the 40-minute wait budget is spent: running although another benchmark runs (PIDs ${found.join(', ')})`);
    log(`waiting: another benchmark runs (PIDs ${found.join(', ')}), load ${load()}`);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    waitedMs += 30_000;
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => { const s = sorted(xs); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/**
 * The distribution-free interval for the median of `xs`: order statistics x(k) and x(n+1-k) with the largest k for
 * which the binomial(n, 1/2) tails leave at least 95% coverage. Returns the interval and its exact coverage.
 */
function orderStatisticInterval(xs: number[]): { low: number; high: number; coverage: number } {
  const n = xs.length;
  const s = sorted(xs);
  const choose = (k: number) => { let c = 1; for (let i = 1; i <= k; i++) c = (c * (n - i + 1)) / i; return c; };
  let tail = 0; // P(B <= k - 1)
  let k = 0;
  while (k < n / 2 && 2 * (tail + choose(k) / 2 ** n) <= 0.05) tail += choose(k++) / 2 ** n;
  if (k === 0) return { low: -Infinity, high: Infinity, coverage: 1 };
  return { low: s[k - 1], high: s[n - k], coverage: 1 - 2 * tail };
}

/** The 2.5th and 97.5th percentiles of the median of 10 000 resamples (seeded, so a rerun on the same data agrees). */
function bootstrapMedianInterval(xs: number[]): { low: number; high: number } {
  let seed = 20261207;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const medians = Array.from({ length: 10_000 }, () => median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  const s = sorted(medians);
  return { low: s[Math.floor(0.025 * s.length)], high: s[Math.ceil(0.975 * s.length) - 1] };
}

const config = (series: Series, serverId: string) => series === 'terraform_data'
  ? `resource "terraform_data" "r" {\n  count = ${count}\n  input = cidrhost("10.0.0.0/8", count.index + 1)\n}`
  : `resource "smtp_relay_rule" "r" {\n  count             = ${count}\n  virtual_server_id = "${serverId}"\n  ip_address        = cidrhost("10.0.0.0/8", count.index + 1)\n}`;

/** A fresh relay with one virtual server; the environment for the provider to use it. */
async function freshRelay() {
  const relay = await startRelayProcess();
  const server = await relay.api('POST', '/v1/virtual-servers', { name: 'bench', port: await freePort() });
  if (server.status !== 201) throw new Error(`creating the virtual server: ${server.text}`);
  return { relay, serverId: server.body.id as string, env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } };
}

const buildDir = mkdtempSync(join(tmpdir(), 'transport-ab-'));
try {
  const cliConfig: Record<'own' | 'node', string> = { own: '', node: '' };
  for (const http2 of ['own', 'node'] as const) {
    const binary = await buildProvider(join(buildDir, `provider-${http2}.cjs`), { http2 });
    cliConfig[http2] = installProvider(binary, join(buildDir, `mirror-${http2}`)).config;
  }
  // A private V8 code cache directory (see provider/scripts/code-cache-loader.cjs): other builds on the machine
  // cannot evict these two builds' caches mid-run.
  const cacheEnv = { XDG_CACHE_HOME: join(buildDir, 'cache') };
  // Warm-up, untimed: each build writes its code cache.
  const warm = await freshRelay();
  try {
    for (const build of ['own', 'node'] as const) {
      const tf = await terraformWorkspace({ env: { ...warm.env, ...cacheEnv, TF_CLI_CONFIG_FILE: cliConfig[build] }, timeoutMs: 600_000 });
      try {
        tf.writeConfig(config('own', warm.serverId).replace(`count             = ${count}`, 'count             = 10'));
        await tf.ok('apply', '-auto-approve');
      } finally {
        tf.dispose();
      }
    }
  } finally {
    await warm.relay.dispose();
  }

  await waitForQuiet();
  const loadBefore = load();
  const startedAt = utc();
  log(`start: waited ${(waitedMs / 60_000).toFixed(1)} min, load ${loadBefore}`);
  const runs: Array<{ round: number; order: string; load: string; disturbed: boolean; ms: Record<Series, { plan: number; apply: number }> }> = [];
  for (let round = 1; round <= rounds; round++) {
    await waitForQuiet();
    const order = PERMUTATIONS[(round - 1) % PERMUTATIONS.length];
    const ms = {} as Record<Series, { plan: number; apply: number }>;
    // Watches for the other benchmark starting during the round: such a round is marked, and reported apart too.
    let disturbed = false;
    const watch = setInterval(() => { disturbed ||= otherBenchmark().length > 0; }, 5_000);
    const { relay, serverId, env: relayEnv } = await freshRelay();
    try {
      for (const series of order) {
        const build = series === 'terraform_data' ? (round % 2 ? 'own' : 'node') : series;
        const tf = await terraformWorkspace({ env: { ...relayEnv, ...cacheEnv, TF_CLI_CONFIG_FILE: cliConfig[build] }, timeoutMs: 600_000 });
        try {
          tf.writeConfig(config(series, serverId));
          await tf.ok('init');
          const plan = (await tf.ok('plan', '-out=tfplan')).ms;
          const apply = (await tf.ok('apply', 'tfplan')).ms;
          ms[series] = { plan, apply };
        } finally {
          tf.dispose();
        }
      }
    } finally {
      await relay.dispose();
    }
    clearInterval(watch);
    disturbed ||= otherBenchmark().length > 0;
    runs.push({ round, order: order.join(','), load: load(), disturbed, ms });
    log(`round ${round}: ${order.map((s) => `${s} ${ms[s].plan.toFixed(0)}/${ms[s].apply.toFixed(0)}`).join(', ')} (load ${load()}${disturbed ? ', other benchmark ran' : ''})`);
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ count, rounds, startedAt, loadBefore, runs }, null, 2));
  }
  const loadAfter = load();
  const endedAt = utc();
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ count, rounds, startedAt, endedAt, loadBefore, loadAfter, waitedMs, runs }, null, 2));

  console.log(`Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ` +
    `${startedAt} - ${endedAt}; load average before ${loadBefore}, after ${loadAfter}; N = ${count}, ${rounds} rounds\n`);
  console.log('| round | order | plan own | plan node | plan terraform_data | plan own/node | apply own | apply node | apply terraform_data | apply own/node | load (1, 5, 15 min) at its end | other benchmark ran |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { round, order, load: at, disturbed, ms } of runs) {
    console.log(`| ${round} | ${order.replace('terraform_data', 'data')} | ${ms.own.plan.toFixed(0)} | ${ms.node.plan.toFixed(0)} | ${ms.terraform_data.plan.toFixed(0)} | ` +
      `${(ms.own.plan / ms.node.plan).toFixed(3)} | ${ms.own.apply.toFixed(0)} | ${ms.node.apply.toFixed(0)} | ${ms.terraform_data.apply.toFixed(0)} | ` +
      `${(ms.own.apply / ms.node.apply).toFixed(3)} | ${at} | ${disturbed ? 'yes' : 'no'} |`);
  }
  console.log(`\nWaited ${(waitedMs / 60_000).toFixed(1)} min for the other benchmark in all.\n`);
  console.log('| rounds | step | median own ms | median node ms | median terraform_data ms | median of paired ratios own/node | 95% interval, order statistics | 95% interval, bootstrap of the median |');
  console.log('|---|---|---|---|---|---|---|---|');
  const quiet = runs.filter((r) => !r.disturbed);
  for (const [label, subset] of [[`all ${runs.length}`, runs], [`the ${quiet.length} without the other benchmark`, quiet]] as const) {
    if (subset.length === 0) continue;
    for (const step of ['plan', 'apply'] as const) {
      const ratios = subset.map(({ ms }) => ms.own[step] / ms.node[step]);
      const os = orderStatisticInterval(ratios);
      const bs = bootstrapMedianInterval(ratios);
      const of = (series: Series) => median(subset.map(({ ms }) => ms[series][step])).toFixed(0);
      console.log(`| ${label} | ${step} of ${count} | ${of('own')} | ${of('node')} | ${of('terraform_data')} | ${median(ratios).toFixed(3)} | ` +
        `${os.low.toFixed(3)} - ${os.high.toFixed(3)} (${(100 * os.coverage).toFixed(1)}%) | ${bs.low.toFixed(3)} - ${bs.high.toFixed(3)} |`);
    }
  }
  const planRatios = runs.map(({ ms }) => ms.own.plan / ms.node.plan);
  const upper = orderStatisticInterval(planRatios).high;
  const keepOwn = median(planRatios) <= 0.85 && upper < 0.85;
  console.log(`\nDecision rule: keep the own HTTP/2 only if its plan of ${count} is at least 15% faster (median ratio <= 0.85) and the ` +
    `interval excludes 15% (upper bound < 0.85). Median ${median(planRatios).toFixed(3)}, upper bound ${upper.toFixed(3)}: ` +
    `**${keepOwn ? 'keep own, delete node:http2' : 'delete own, keep node:http2'}**.`);
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
