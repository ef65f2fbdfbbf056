// Measures provider start-up: spawn of the bundled provider to its handshake line on stdout, as Terraform sees it.
// Also measures bare `node -e 0` (spawn to exit) to show what Node itself costs.
//
// Usage: node --import tsx bench/provider/startup.ts [runs=30]
// Builds provider/dist/terraform-provider-smtp.cjs first; prints a Markdown table for bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { buildProvider } from '../../provider/scripts/build.mjs';
import { MAGIC_COOKIE_VALUE } from '../../provider/src/plugin/handshake.ts';
import { createPluginCertificate } from '../../provider/src/plugin/self-signed-certificate.ts';

const runs = Number(process.argv[2] ?? 30);

/** Milliseconds from spawn until `ready(stdout)` is true (or the process exits); the child is then stopped by PID. */
function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv, ready: (out: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(performance.now() - started);
      if (child.exitCode === null) child.kill('SIGTERM');
    };
    child.stdout.on('data', (chunk) => { out += chunk; if (ready(out)) finish(); });
    child.on('exit', (code) => (code === 0 || done ? finish() : reject(new Error(`${command} exited ${code}`))));
    child.on('error', reject);
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.9) - 1];

async function series(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: (out: string) => boolean) {
  await timeOnce(command, args, env, ready); // warm the page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(command, args, env, ready));
  return `| ${label} | ${runs} | ${median(times).toFixed(1)} | ${p90(times).toFixed(1)} | ${Math.min(...times).toFixed(1)} |`;
}

const binary = await buildProvider();
const client = createPluginCertificate();
const pluginEnv = { ...process.env, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: client.certPem };
const handshake = (out: string) => /^1\|6\|unix\|.+\|grpc\|[A-Za-z0-9+/]+\n/.test(out);

const rows = [
  await series('`node -e 0` (spawn to exit)', process.execPath, ['-e', '0'], process.env, () => false),
  await series('provider, AutoMTLS (spawn to handshake line)', binary, [], pluginEnv, handshake),
  // An unusable cache directory: what a first run (or a read-only home) costs.
  await series('provider, AutoMTLS, without code cache', binary, [], { ...pluginEnv, XDG_CACHE_HOME: '/dev/null/no-cache' }, handshake),
  await series('provider, no TLS (spawn to handshake line)', binary, [], { ...pluginEnv, PLUGIN_CLIENT_CERT: '' }, (o) => o.includes('|grpc|')),
];
console.log(`Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| what | runs | median ms | p90 ms | min ms |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
