// Measures the relay with a backlog (issue 19 item 3): accepting M messages while its smart host is down, draining them
// when it returns (with fresh mail sent during the drain), and a kill -9 with M queued followed by a restart.
//
// Usage: npm run bench:backlog        (= build the relay if stale, then node --import tsx bench/backlog/run.ts)
// Knobs (environment): M=200000 backlog messages, CHUNK=10000 (accept rate reported per chunk, one smtp-source run
// each), SIZE=1024, CONC=20 smtp-source sessions, BASE_N=10000 (the empty-queue accept run and the normal e2e run),
// WARMUP=2000, FRESH_MS=1000 (one fresh message per interval during the drain), DRAIN_TIMEOUT_S=1800.
//
// Phases, in one run on one relay (production build, `node relay-service/bin/smtp-relay.mjs serve`, one process, log
// level warn, a temp data dir, free ports on 127.0.0.1; one virtual server relaying for 127.0.0.0/8 to the smart host
// 127.0.0.1:<free port> with the default retry schedule, 15 min first):
//   A  smart host up: warm-up, fresh mail on an empty queue (reference latency), BASE_N end to end (the normal e2e rate)
//   B  smart host down: BASE_N into the empty queue (the empty-queue accept rate), deleted again through the API; then M
//      in chunks; RSS, queue and leases (the active window) sampled every second from /proc and the queue file
//   C  smart host back: every deferred message made due with POST /v1/queue/retry (the operator's flush, as postqueue -f);
//      drain time until the sink holds all M; a fresh message every FRESH_MS, its accept-to-sink time
//   D  smart host down: M accepted again, kill -9, restart on the same data dir: spawn until the SMTP greeting; then the
//      smart host back, flush, count at the sink: distinct queue ids (lost = M - distinct) and duplicates
//   E  the control: kill -9 with the queue empty, restart, spawn until the greeting (the same data dir and machine state)
// Prints Markdown for bench/RESULTS.md on stdout, progress on stderr, the samples as JSON under bench/backlog/bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port.ts';
import { startTestRelay, type TestRelay } from '../../test/support/test-relay.ts';
import { numberKnob } from '../knobs.ts';
import { cpuMs, freshMail, QueueFile, rssMb, Sink, smtpSource, untilGreeting, type Sample } from './probes.ts';
import { report, type Results } from './report.ts';

const m = numberKnob('M', 200_000);
const chunk = numberKnob('CHUNK', 10_000);
const size = numberKnob('SIZE', 1024);
const conc = numberKnob('CONC', 20);
const baseN = numberKnob('BASE_N', 10_000);
const warmup = numberKnob('WARMUP', 2000);
const freshMs = numberKnob('FRESH_MS', 1000);
const drainTimeoutMs = numberKnob('DRAIN_TIMEOUT_S', 1800) * 1000;
const sourceTimeoutMs = 1_800_000;

const log = (line: string) => process.stderr.write(`backlog ${new Date().toISOString().slice(11, 19)}: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since: number) => (performance.now() - since) / 1000;

let relay: TestRelay | null = null;
let sink: Sink | null = null;
let queueFile: QueueFile | null = null;
let stopFresh: (() => Promise<void>) | null = null;
let sampler: NodeJS.Timeout | undefined;
const cleanup = async () => {
  clearInterval(sampler);
  await stopFresh?.();
  queueFile?.close();
  queueFile = null;
  await Promise.all([sink?.stop(), relay?.dispose()]);
  sink = null;
  relay = null;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));

/** POSTs a bulk queue operation page by page (1000 each) until no page follows; returns how many it affected. */
async function bulk(r: TestRelay, verb: 'retry' | 'delete', count: 'retried' | 'deleted'): Promise<number> {
  let after: string | null = null;
  let total = 0;
  do {
    const page = await r.api('POST', `/v1/queue/${verb}`, { limit: 1000, after });
    if (page.status !== 200) throw new Error(`POST /v1/queue/${verb}: ${page.status} ${page.text}`);
    total += page.body[count] as number;
    after = page.body.next_after as string | null;
  } while (after !== null);
  return total;
}

/** Waits until no message is under a live lease: every accepted message had its attempt and was deferred. */
async function windowEmpty(file: QueueFile, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (file.sample().leased > 0) {
    if (seconds(started) * 1000 > timeoutMs) throw new Error('messages still leased after the timeout');
    await sleep(200);
  }
  return seconds(started);
}

/** kill -9, then a restart on the same data dir: spawn until the SMTP greeting, the relay's CPU time then, spawn until /healthz. */
async function killAndRestart(r: TestRelay, smtpPort: number): Promise<Results['restart']> {
  await r.kill9();
  const spawnedAt = Date.now();
  const restarted = r.restart().then(() => Date.now() - spawnedAt);
  const greetingMs = await untilGreeting(smtpPort, spawnedAt, 120_000);
  const greetingCpuMs = cpuMs(r.pid);
  return { greetingMs, greetingCpuMs, healthyMs: await restarted, load: loadavg()[0] };
}

/** Sends `total` messages with the smart host down, CHUNK per smtp-source run; the accept rate of each chunk. */
async function acceptInChunks(port: number, total: number, phase: string): Promise<Results['chunks']> {
  const chunks: Results['chunks'] = [];
  for (let sent = 0; sent < total; sent += chunk) {
    const n = Math.min(chunk, total - sent);
    const started = performance.now();
    const cpuBefore = cpuMs(relay!.pid);
    await smtpSource(port, n, size, conc, sourceTimeoutMs);
    const rate = n / seconds(started);
    chunks.push({ phase, upTo: sent + n, rate, cpuMsPerMsg: (cpuMs(relay!.pid) - cpuBefore) / n, rssMb: rssMb(relay!.pid) });
    log(`${phase}: ${sent + n}/${total} accepted, this chunk ${rate.toFixed(0)} msg/s, relay RSS ${rssMb(relay!.pid).toFixed(0)} MB`);
  }
  return chunks;
}

const startedAt = new Date();
const loadBefore = loadavg();
const samples: Sample[] = [];
let phase = 'start';
try {
  const sinkPort = await freePort();
  relay = await startTestRelay({ mode: 'child-process', code: 'built', workers: 0, logLevel: 'warn', startTimeoutMs: 60_000 });
  const smtpPort = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'backlog', port: smtpPort, fqdn: 'relay.bench.local', limits: { max_connections: 1000 },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort },
  });
  if (created.status !== 201) throw new Error(`creating the virtual server: ${created.status} ${created.text}`);
  const rule = await relay.api('POST', `/v1/virtual-servers/${created.body.id}/relay-rules`, { cidr: '127.0.0.0/8' });
  if (rule.status !== 201) throw new Error(`relay rule: ${rule.status} ${rule.text}`);
  await untilGreeting(smtpPort, Date.now(), 10_000);
  queueFile = new QueueFile(join(relay.dataDir, 'queue.sqlite'));
  log(`relay pid ${relay.pid}, SMTP :${smtpPort}, smart host :${sinkPort}; M=${m}, CHUNK=${chunk}, CONC=${conc}, SIZE=${size}`);

  const t0 = performance.now();
  let tick = 0;
  sampler = setInterval(() => {
    if (!relay || !queueFile) return;
    try {
      samples.push({ t: seconds(t0), phase, rssMb: rssMb(relay.pid), ...(tick++ % 2 === 0 ? queueFile.sample() : {}) });
    } catch {
      // The relay is between kill -9 and its restart.
    }
  }, 1000);

  // A: the smart host up, an empty queue.
  phase = 'A';
  sink = await Sink.start(sinkPort);
  await smtpSource(smtpPort, warmup, size, conc, sourceTimeoutMs);
  await sink.waitUnique(warmup, 120_000);
  const idleFresh = freshMail(smtpPort, freshMs, 'idle');
  stopFresh = idleFresh.stop;
  await sleep(10 * freshMs + 500);
  await idleFresh.stop();
  const idleCount = warmup + Object.keys(idleFresh.accepted).length;
  await sink.waitUnique(idleCount, 30_000);
  const idleArrivals = (await sink.stats()).fresh;
  const e2eStart = performance.now();
  await smtpSource(smtpPort, baseN, size, conc, sourceTimeoutMs);
  const e2eAccept = baseN / seconds(e2eStart);
  await sink.waitUnique(idleCount + baseN, 300_000, 20);
  const e2eRate = baseN / seconds(e2eStart);
  log(`A: normal e2e ${e2eRate.toFixed(0)} msg/s (accept ${e2eAccept.toFixed(0)} msg/s)`);
  await sink.stop();
  sink = null;

  // B: the smart host down: the empty-queue accept rate, then the backlog.
  phase = 'B-empty';
  const emptyStart = performance.now();
  const emptyCpu = cpuMs(relay.pid);
  await smtpSource(smtpPort, baseN, size, conc, sourceTimeoutMs);
  const emptyRate = baseN / seconds(emptyStart);
  const emptyCpuMsPerMsg = (cpuMs(relay.pid) - emptyCpu) / baseN;
  await windowEmpty(queueFile);
  const deleted = await bulk(relay, 'delete', 'deleted');
  log(`B: empty-queue accept ${emptyRate.toFixed(0)} msg/s (${deleted} deleted again)`);
  const rssBefore = rssMb(relay.pid);
  phase = 'B';
  const backlogStart = performance.now();
  const chunks = await acceptInChunks(smtpPort, m, 'B');
  const backlogRate = m / seconds(backlogStart);
  const settleS = await windowEmpty(queueFile, 600_000);
  const afterBacklog = queueFile.sample();
  log(`B: ${m} in ${seconds(backlogStart).toFixed(0)} s; all attempted ${settleS.toFixed(1)} s after the last 250; queue ${JSON.stringify(afterBacklog)}`);

  // C: the smart host back; flush; fresh mail during the drain.
  phase = 'C';
  sink = await Sink.start(sinkPort);
  const drainStart = performance.now();
  const fresh = freshMail(smtpPort, freshMs, 'drain');
  stopFresh = fresh.stop;
  const flushStart = performance.now();
  const retried = await bulk(relay, 'retry', 'retried');
  const flushS = seconds(flushStart);
  const deadline = performance.now() + drainTimeoutMs;
  let drained = await sink.stats();
  while (drained.unique - Object.keys(drained.fresh).length < m) {
    if (performance.now() > deadline) throw new Error(`drain: ${drained.unique} at the sink after ${drainTimeoutMs / 1000} s`);
    await sleep(50);
    drained = await sink.stats();
  }
  const drainS = seconds(drainStart);
  await fresh.stop();
  stopFresh = null;
  await sleep(3000);
  const afterDrain = await sink.stats();
  log(`C: ${m} drained in ${drainS.toFixed(1)} s (${(m / drainS).toFixed(0)} msg/s; flush of ${retried} took ${flushS.toFixed(1)} s); ${Object.keys(fresh.accepted).length} fresh sent`);
  await sink.stop();
  sink = null;

  // D: M queued with the smart host down, kill -9, restart, drain, count.
  phase = 'D';
  const chunksD = await acceptInChunks(smtpPort, m, 'D');
  const beforeKill = queueFile.sample();
  queueFile.close();
  queueFile = null;
  const rssAtKill = rssMb(relay.pid);
  log(`D: kill -9 with ${JSON.stringify(beforeKill)}`);
  const restart = await killAndRestart(relay, smtpPort);
  queueFile = new QueueFile(join(relay.dataDir, 'queue.sqlite'));
  const afterRestart = queueFile.sample();
  log(`D: ${JSON.stringify(restart)}; queue ${JSON.stringify(afterRestart)}`);
  sink = await Sink.start(sinkPort);
  const recoverStart = performance.now();
  await bulk(relay, 'retry', 'retried');
  await sink.waitUnique(m, drainTimeoutMs, 100);
  const recoverS = seconds(recoverStart);
  await sleep(5000);
  const recovered = await sink.stats();
  const leftInQueue = queueFile.sample();
  log(`D: sink ${JSON.stringify({ ...recovered, fresh: undefined })}, queue after ${JSON.stringify(leftInQueue)}`);
  await sink.stop();
  sink = null;

  // E: the same restart with an empty queue.
  phase = 'E';
  queueFile.close();
  queueFile = null;
  const emptyRestart = await killAndRestart(relay, smtpPort);
  log(`E: empty queue: ${JSON.stringify(emptyRestart)}`);

  const results: Results = {
    command: `M=${m} CHUNK=${chunk} CONC=${conc} SIZE=${size} BASE_N=${baseN} WARMUP=${warmup} FRESH_MS=${freshMs} npm run bench:backlog`,
    startedAt, loadBefore, loadAfter: loadavg(), cpuModel: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, node: process.version,
    m, conc, size, e2eRate, e2eAccept, emptyRate, emptyCpuMsPerMsg, backlogRate, chunks: [...chunks, ...chunksD], settleS, afterBacklog, rssBefore,
    drainS, retried, flushS, freshAccepted: fresh.accepted, freshArrived: afterDrain.fresh, freshFailures: fresh.failures,
    idleAccepted: idleFresh.accepted, idleArrived: idleArrivals, drainSink: afterDrain,
    beforeKill, rssAtKill, restart, emptyRestart, afterRestart, recoverS, recovered, leftInQueue, samples,
  };
  const dir = new URL('./bench-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${startedAt.toISOString().replace(/[:.]/g, '-')}-M${m}.json`, dir);
  writeFileSync(file, JSON.stringify({ ...results, freshAccepted: undefined, freshArrived: undefined }, null, 1));
  log(`samples written to ${file.pathname}`);
  process.stdout.write(report(results));
} finally {
  await cleanup();
}
