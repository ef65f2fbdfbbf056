// Measures provider start-up: spawn of the provider to its handshake line on stdout, as Terraform sees it, for the
// launcher + bundle (needs node) and the self-contained executable (SEA), beside bare Node: `node -e 0` (spawn to
// exit) and a one-line Node script (spawn to its line on stdout).
//
// Usage: node --import tsx bench/provider/startup.ts [runs=30]   (npm run bench:provider-startup -- [runs])
// Builds provider/dist/terraform-provider-smtp.cjs and provider/dist/terraform-provider-smtp (SEA) first. The series run interleaved (one run of each in turn), so
// a change in machine load hits them alike. Besides wall time it reads the child's CPU time (all its threads, from
// /proc/<pid>/task/*/schedstat) when the line arrives, which load on other cores inflates much less.
// Prints a Markdown table for bench/RESULTS.md, then the SEA/launcher ratios: of the medians, and the median of the
// per-round ratios (each round runs both within milliseconds, so a change in machine speed cancels out).
import { spawn } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProvider } from '../../provider/scripts/build.mjs';
import { buildSea } from '../../provider/scripts/build-sea.mjs';
import { seaFileName, seaLauncher } from '../../provider/scripts/sea-package.mjs';
import { MAGIC_COOKIE_VALUE } from '../../provider/src/plugin/handshake.ts';
import { createPluginCertificate } from '../../provider/src/plugin/self-signed-certificate.ts';

const runs = Number(process.argv[2] ?? 30);

/** CPU milliseconds a live process has used so far, summed over its threads (Linux). */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  return ns / 1e6;
}

interface Sample { wallMs: number; cpuMs: number }

/** Spawn until `ready(stdout)` is true (or the process exits: no CPU figure then); the child is then stopped by PID. */
function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv, ready: (out: string) => boolean): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let done = false;
    const finish = (alive: boolean) => {
      if (done) return;
      done = true;
      const wallMs = performance.now() - started;
      let cpu = NaN;
      try { if (alive) cpu = cpuMs(child.pid!); } catch { /* it exited meanwhile */ }
      resolve({ wallMs, cpuMs: cpu });
      if (child.exitCode === null) child.kill('SIGTERM');
    };
    child.stdout.on('data', (chunk) => { out += chunk; if (ready(out)) finish(true); });
    child.on('exit', (code) => (code === 0 || done ? finish(false) : reject(new Error(`${command} exited ${code}`))));
    child.on('error', reject);
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.9) - 1];

const binary = await buildProvider();
const sea = await buildSea();
// The package as the release zip and the mirror lay it out on Linux (sea-package.mjs): the launcher beside the executable.
const packageDir = mkdtempSync(join(tmpdir(), 'provider-package-'));
process.once('exit', () => rmSync(packageDir, { recursive: true, force: true }));
linkSync(sea, join(packageDir, seaFileName));
const seaPackage = join(packageDir, 'terraform-provider-smtp_v0');
writeFileSync(seaPackage, seaLauncher, { mode: 0o755 });
const client = createPluginCertificate();
const pluginEnv = { ...process.env, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: client.certPem };
const { NODE_EXTRA_CA_CERTS: _extraCa, ...withoutExtraCa } = process.env;
const handshake = (out: string) => /^1\|6\|unix\|.+\|grpc\|[A-Za-z0-9+/]+\n/.test(out);

const series = [
  { label: '`node -e 0` (spawn to exit)', command: process.execPath, args: ['-e', '0'], env: process.env, ready: () => false },
  { label: 'bare Node printing one line (spawn to line)', command: process.execPath, args: ['-e', 'process.stdout.write("1|\\n"); setTimeout(() => 0, 5000)'], env: process.env, ready: (o: string) => o.includes('\n') },
  // Node parses the NODE_EXTRA_CA_CERTS file before any code runs (the provider's launcher defers it); what Node costs without it.
  { label: 'bare Node printing one line, NODE_EXTRA_CA_CERTS unset', command: process.execPath, args: ['-e', 'process.stdout.write("1|\\n"); setTimeout(() => 0, 5000)'], env: withoutExtraCa, ready: (o: string) => o.includes('\n') },
  { label: 'provider, AutoMTLS (spawn to handshake line)', command: binary, args: [], env: pluginEnv, ready: handshake },
  // An unusable cache directory: what a first run (or a read-only home) costs.
  { label: 'provider, AutoMTLS, without code cache', command: binary, args: [], env: { ...pluginEnv, XDG_CACHE_HOME: '/dev/null/no-cache' }, ready: handshake },
  { label: 'provider, no TLS (spawn to handshake line)', command: binary, args: [], env: { ...pluginEnv, PLUGIN_CLIENT_CERT: '' }, ready: (o: string) => o.includes('|grpc|') },
  // The self-contained executable alone: Node itself reads NODE_EXTRA_CA_CERTS when it is set.
  { label: 'SEA, AutoMTLS (spawn to handshake line)', command: sea, args: [], env: pluginEnv, ready: handshake },
  // The package Terraform installs: the /bin/sh launcher moves NODE_EXTRA_CA_CERTS aside and execs the executable.
  { label: 'SEA package (sh launcher + SEA), AutoMTLS', command: seaPackage, args: [], env: pluginEnv, ready: handshake },
  { label: 'SEA, AutoMTLS, NODE_EXTRA_CA_CERTS unset', command: sea, args: [], env: { ...pluginEnv, NODE_EXTRA_CA_CERTS: undefined }, ready: handshake },
  { label: 'provider, AutoMTLS, NODE_EXTRA_CA_CERTS unset', command: binary, args: [], env: { ...pluginEnv, NODE_EXTRA_CA_CERTS: undefined }, ready: handshake },
];
/** [SEA series, launcher series] pairs whose ratio the goal is about (SEA within 1.2x of the launcher's median). */
const ratios = [
  ['SEA package (sh launcher + SEA), AutoMTLS', 'provider, AutoMTLS (spawn to handshake line)'],
  ['SEA, AutoMTLS (spawn to handshake line)', 'provider, AutoMTLS (spawn to handshake line)'],
  ['SEA, AutoMTLS, NODE_EXTRA_CA_CERTS unset', 'provider, AutoMTLS, NODE_EXTRA_CA_CERTS unset'],
].map(([a, b]) => [series.findIndex((s) => s.label === a), series.findIndex((s) => s.label === b)]);
const samples = series.map(() => [] as Sample[]);
for (const s of series) await timeOnce(s.command, s.args, s.env, s.ready); // warm the page cache and the code cache
const loadBefore = loadavg();
for (let i = 0; i < runs; i++) {
  for (const [index, s] of series.entries()) samples[index].push(await timeOnce(s.command, s.args, s.env, s.ready));
}
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
console.log(`Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
  `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| what | runs | median ms | p90 ms | min ms | median CPU ms |\n|---|---|---|---|---|---|');
for (const [index, s] of series.entries()) {
  const wall = samples[index].map((x) => x.wallMs);
  console.log(`| ${s.label} | ${runs} | ${fmt(median(wall))} | ${fmt(p90(wall))} | ${fmt(Math.min(...wall))} | ${fmt(median(samples[index].map((x) => x.cpuMs)))} |`);
}
console.log('\n| SEA / launcher, spawn to handshake | ratio of medians | median of per-round ratios | CPU: ratio of medians |\n|---|---|---|---|');
for (const [a, b] of ratios) {
  const wall = (i: number) => samples[i].map((x) => x.wallMs);
  const cpu = (i: number) => samples[i].map((x) => x.cpuMs);
  const perRound = wall(a).map((ms, round) => ms / wall(b)[round]);
  console.log(`| ${series[a].label} / ${series[b].label} | ${(median(wall(a)) / median(wall(b))).toFixed(2)} | ${median(perRound).toFixed(2)} | ${(median(cpu(a)) / median(cpu(b))).toFixed(2)} |`);
}
