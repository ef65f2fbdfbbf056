// Start-up of the relay built (relay-service/dist/, what `npm start` runs) against the TypeScript sources through tsx:
// time from spawn until the API answers and the SMTP listener accepts, and RSS then (primary plus workers).
//
//   node bench/production-build/startup.mjs prepare DIR           # a data dir with one virtual server (so SMTP listens at start)
//   node bench/production-build/startup.mjs once DIR built|sources # one start: prints {"ready_ms":..,"rss_kb":..}, then stops it
//   ROUNDS=20 node bench/production-build/startup.mjs pairs DIR    # ROUNDS pairs, alternating which goes first; medians and ratios
// WORKERS=N (default 0) passes --workers N. Plain JavaScript, so the driver itself loads the same way for both.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const token = 'bench-startup-admin-token';
const [mode, dataDir, code] = process.argv.slice(2);
const workers = process.env.WORKERS ?? '0';

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});
const accepts = (port) => new Promise((resolve) => {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});
const healthy = (apiPort) => fetch(`http://127.0.0.1:${apiPort}/healthz`).then((r) => r.ok, () => false);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS in kB of `pid` and of its direct children (the cluster workers). */
function rssKb(pid) {
  const rss = (p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
  return { primary: rss(pid), total: rss(pid) + children.reduce((sum, child) => sum + rss(child), 0) };
}

/** Starts the relay on `dataDir`, resolves once the API and the SMTP port answer; returns the times and RSS, stopped again. */
async function startOnce(which) {
  const { smtpPort } = JSON.parse(readFileSync(join(dataDir, 'bench-startup.json'), 'utf8'));
  const apiPort = await freePort();
  const entry = which === 'built' ? ['relay-service/bin/smtp-relay.mjs'] : ['--import', 'tsx', 'relay-service/src/cli.ts'];
  const started = performance.now();
  const child = spawn(process.execPath, [...entry, 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${apiPort}`, '--workers', workers], {
    cwd: repo, stdio: 'ignore', env: { ...process.env, SMTP_RELAY_ADMIN_TOKEN: token, SMTP_RELAY_LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
  });
  let api = null;
  let smtp = null;
  while (api === null || smtp === null) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}`);
    if (performance.now() - started > 60_000) { child.kill('SIGKILL'); throw new Error('relay not ready in 60 s'); }
    if (api === null && await healthy(apiPort)) api = performance.now() - started;
    if (smtp === null && await accepts(smtpPort)) smtp = performance.now() - started;
    if (api === null || smtp === null) await sleep(5);
  }
  const ready = performance.now() - started;
  const rss = rssKb(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { code: which, workers: Number(workers), ready_ms: Math.round(ready), api_ms: Math.round(api), smtp_ms: Math.round(smtp), rss_kb: rss.primary, rss_total_kb: rss.total };
}

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

if (mode === 'prepare') {
  // First start creates the stores and the admin token; one virtual server that relays for loopback.
  const smtpPort = await freePort();
  writeFileSync(join(dataDir, 'bench-startup.json'), JSON.stringify({ smtpPort }));
  const apiPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay-service/src/cli.ts', 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${apiPort}`],
    { cwd: repo, stdio: 'ignore', env: { ...process.env, SMTP_RELAY_ADMIN_TOKEN: token, SMTP_RELAY_LOG_LEVEL: 'warn' } });
  while (!(await healthy(apiPort))) await sleep(50);
  const call = (path, body) => fetch(`http://127.0.0.1:${apiPort}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }).then((r) => r.json());
  const server = await call('/v1/virtual-servers', { name: 'startup', port: smtpPort, delivery: { smart_host: '127.0.0.1', smart_host_port: 9 } });
  await call(`/v1/virtual-servers/${server.id}/relay-rules`, { cidr: '127.0.0.0/8' });
  while (!(await accepts(smtpPort))) await sleep(50);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  console.log(`prepared ${dataDir}: virtual server on 127.0.0.1:${smtpPort}`);
} else if (mode === 'once' && (code === 'built' || code === 'sources')) {
  console.log(JSON.stringify(await startOnce(code)));
} else if (mode === 'pairs') {
  const rounds = Number(process.env.ROUNDS ?? 10);
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['built', 'sources'] : ['sources', 'built'];
    const pair = {};
    for (const which of order) pair[which] = await startOnce(which);
    rows.push(pair);
    console.error(`round ${round + 1}: built ${pair.built.ready_ms} ms ${pair.built.rss_total_kb} kB, sources ${pair.sources.ready_ms} ms ${pair.sources.rss_total_kb} kB`);
  }
  const figure = (key) => ({
    built: median(rows.map((r) => r.built[key])), sources: median(rows.map((r) => r.sources[key])),
    ratio: Number(median(rows.map((r) => r.built[key] / r.sources[key])).toFixed(3)),
  });
  console.log(JSON.stringify({ rounds, workers: Number(workers), ready_ms: figure('ready_ms'), api_ms: figure('api_ms'), smtp_ms: figure('smtp_ms'), rss_kb: figure('rss_kb'), rss_total_kb: figure('rss_total_kb') }, null, 1));
} else {
  console.error('usage: startup.mjs prepare DIR | once DIR built|sources | pairs DIR');
  process.exit(2);
}
