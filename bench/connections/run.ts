// Connections (issue #19 item 2): the relay and Postfix with thousands of SMTP sessions held open after EHLO, in one run.
//
// Usage: npm run bench:connections          (= node --import tsx bench/connections/run.ts)
// Knobs (environment): CONNS=5000 (sessions held), SOURCES=20 (client addresses 127.0.0.2 ...), MESSAGES=200 (1 KB
// messages per probe phase), ROUNDS=2 (idle/held pairs on the relay), WARMUP=300, GREETING_S=10, MAX_PENDING=200
// (sessions between connect and EHLO's reply at once), LIMIT (max_connections in the enforcement phase; default
// CONNS/2, at least 100), PROBE_TIMEOUT_S=30 (per reply and per arrival), PROBE_PHASE_S=120 (cap of one probe phase),
// PEERS="relay postfix", RELAY_CODE=built|sources, RUN_TIMEOUT_S=1800, PER_IP_PATCH / PER_IP_LIMIT (the per-IP hook).
//
// - A sink (arrival-sink.ts: greets at once, notes each Message-ID's arrival) runs in this process; the load generator (hold.ts) in a child process; the relay
//   (`smtp-relay serve`, one process, the production build by default) and Postfix (../shared/bench/peers/postfix-up.sh,
//   as it is, under a temp PF_ROOT on a free port) forward to the sink. The relay and hold.ts run with their open-files
//   limit raised to the hard limit.
// - Per peer: an idle probe phase, then CONNS sessions opened (EHLO, then held) and a probe phase while they are held.
//   A probe phase sends MESSAGES 1 KB messages one after another, each on a new connection from 127.0.0.1, and times
//   each from its connect until the sink has it (e2e), and until the 250 after DATA (submit). During each phase: RSS
//   (/proc/PID/status VmRSS; for Postfix the sum over its smtpd processes, and their PSS) every 250 ms, and for the
//   relay the event-loop delay from /metrics every second (prom-client's nodejs_eventloop_lag_*: a 10 ms resolution
//   histogram, reset at each scrape; the relay code pays nothing extra for it).
// - Relay only: max_connections set to LIMIT through the API, CONNS sessions opened again: how many were refused with
//   `421 4.7.0`. Then the per-IP hook (see perIpPhase).
// Prints Markdown for bench/RESULTS.md on stdout, progress on stderr. Every process is stopped by its PID on every exit
// path (end, error, SIGINT/SIGTERM, RUN_TIMEOUT_S); temp dirs are removed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.ts';
import { knob, listKnob, numberKnob } from '../knobs.ts';
import { repoRoot, startRelay, type BenchRelay } from '../rules/relays.ts';
import { SmtpProbe } from '../rules/smtp-probe.ts';
import { ArrivalSink } from './arrival-sink.ts';
import type { OpenRequest, OpenResult, StatusResult } from './hold.ts';

const conns = numberKnob('CONNS', 5000);
const sources = Array.from({ length: numberKnob('SOURCES', 20) }, (_, i) => `127.0.0.${i + 2}`);
const messages = numberKnob('MESSAGES', 200);
const rounds = numberKnob('ROUNDS', 2);
const warmup = numberKnob('WARMUP', 300);
const greetingMs = numberKnob('GREETING_S', 10) * 1000;
const maxPending = numberKnob('MAX_PENDING', 200);
const limit = numberKnob('LIMIT', Math.max(100, Math.floor(conns / 2)));
const probeTimeoutMs = numberKnob('PROBE_TIMEOUT_S', 30) * 1000;
const probePhaseMs = numberKnob('PROBE_PHASE_S', 120) * 1000;
const peers = listKnob('PEERS', 'relay postfix');
const relayCode = knob('RELAY_CODE', 'built') as 'built' | 'sources';
const runTimeoutMs = numberKnob('RUN_TIMEOUT_S', 1800) * 1000;
const peersDir = knob('PEERS_DIR', join(repoRoot, '../shared/bench/peers'));

const log = (line: string) => process.stderr.write(`bench:connections: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN; };
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (kb: number) => (Number.isNaN(kb) ? 'n/a' : (kb / 1024).toFixed(0));

// Everything started is stopped here, last started first, on every way out.
const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) await Promise.resolve().then(cleanups.pop()).catch((error: unknown) => log(`cleanup: ${String(error)}`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { log(`${signal}: stopping`); void cleanup().then(() => process.exit(130)); });
setTimeout(() => { log(`RUN_TIMEOUT_S passed: stopping`); void cleanup().then(() => process.exit(124)); }, runTimeoutMs).unref();

/** Stops a child by its PID: SIGTERM, SIGKILL after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The load generator (hold.ts) in its own process, open-files limit raised to the hard limit. */
class Holder {
  private constructor(private readonly child: ChildProcess) {}

  static start(): Holder {
    const child = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, '--import', 'tsx', fileURLToPath(new URL('./hold.ts', import.meta.url))],
      { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, HOLD_MAX_S: String(Math.ceil(runTimeoutMs / 1000) + 60) } });
    const holder = new Holder(child);
    cleanups.push(() => stopChild(child));
    return holder;
  }

  private ask<T extends { type: string }>(message: object, type: T['type'], timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.child.off('message', on); reject(new Error(`load generator: no ${type} within ${timeoutMs} ms`)); }, timeoutMs);
      const on = (reply: T) => { if (reply.type === type) { clearTimeout(timer); this.child.off('message', on); resolve(reply); } };
      this.child.on('message', on);
      this.child.send(message);
    });
  }

  open(port: number, count: number): Promise<OpenResult> {
    const request: OpenRequest = { type: 'open', port, count, sources, greetingMs, maxPending };
    // Bounded: every session settles within greetingMs after its connect, MAX_PENDING at a time.
    return this.ask(request, 'opened', (Math.ceil(count / maxPending) + 2) * (greetingMs + 5000));
  }

  status(): Promise<StatusResult> { return this.ask({ type: 'status' }, 'status', 10_000); }
  async close(): Promise<void> { await this.ask({ type: 'close' }, 'closed', 30_000); }
}

/** Samples a memory figure (kB) every 250 ms until stopped: max and last. */
function sampler(read: () => { rss: number; pss?: number }) {
  const rss: number[] = [];
  const pss: number[] = [];
  const take = () => { try { const v = read(); rss.push(v.rss); if (v.pss !== undefined) pss.push(v.pss); } catch { /* process gone */ } };
  take();
  const timer = setInterval(take, 250);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxRss: Math.max(...rss), lastRss: rss[rss.length - 1] ?? NaN, maxPss: pss.length ? Math.max(...pss) : NaN };
    },
  };
}

const statusField = (pid: number, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
/** User + system CPU time of a process (all its threads), ms; /proc counts it in clock ticks of 10 ms. */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const relayMemory = (pid: number) => () => ({ rss: statusField(pid, 'VmRSS') });

/** The smtpd children of Postfix's master: summed VmRSS and summed PSS (shared pages split among the processes), kB, and how many. */
function smtpdMemory(masterPid: number) {
  let processes = 0;
  const read = () => {
    let rss = 0;
    let pss = 0;
    processes = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
        if (comm !== 'smtpd' || Number(rest.split(' ')[1]) !== masterPid) continue;
        rss += statusField(Number(entry), 'VmRSS');
        pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
        processes += 1;
      } catch { /* exited meanwhile */ }
    }
    return { rss, pss };
  };
  return { read, processes: () => processes };
}

/** Scrapes the relay's /metrics every second: the event-loop delay histogram of each interval (prom-client resets it per scrape). */
function lagScraper(relay: BenchRelay) {
  const p50: number[] = [];
  const p99: number[] = [];
  const max: number[] = [];
  const heap: number[] = [];
  const gcSeconds = (text: string) => [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([0-9.e+-]+)/gm)]
    .reduce((sum, [, kind, value]) => ({ ...sum, all: sum.all + Number(value), major: sum.major + (kind === 'major' ? Number(value) : 0) }), { all: 0, major: 0 });
  let gcStart = { all: NaN, major: NaN };
  let gcEnd = gcStart;
  const gauge = (text: string, name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  let stopped = false;
  const loop = (async () => {
    // Resets the histogram: the first interval starts with the phase.
    gcStart = gcSeconds((await relay.api('GET', '/metrics')).text);
    while (!stopped) {
      await sleep(1000);
      const text = (await relay.api('GET', '/metrics').catch(() => null))?.text ?? '';
      gcEnd = gcSeconds(text);
      p50.push(gauge(text, 'nodejs_eventloop_lag_p50_seconds') * 1000);
      p99.push(gauge(text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
      max.push(gauge(text, 'nodejs_eventloop_lag_max_seconds') * 1000);
      heap.push(gauge(text, 'nodejs_heap_size_used_bytes') / 1024);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { p50: quantile(p50, 0.5), p99: quantile(p99, 0.5), max: Math.max(...max), heapKb: Math.max(...heap),
        gcMs: (gcEnd.all - gcStart.all) * 1000, majorGcMs: (gcEnd.major - gcStart.major) * 1000 };
    },
  };
}

interface ProbeResult {
  sent: number;
  delivered: number;
  failures: Record<string, number>;
  e2e: number[];
  submit: number[];
}

let probeSerial = 0;
/** `count` 1 KB messages, one after another, each on a new connection from 127.0.0.1; capped at PROBE_PHASE_S. */
async function probe(port: number, sink: ArrivalSink, count: number): Promise<ProbeResult> {
  const result: ProbeResult = { sent: 0, delivered: 0, failures: {}, e2e: [], submit: [] };
  const phaseEnd = performance.now() + probePhaseMs;
  const filler = 'x'.repeat(76);
  for (let i = 0; i < count && performance.now() < phaseEnd; i += 1) {
    const messageId = `conn-${process.pid}-${probeSerial++}@bench.test`;
    const head = `From: <probe@bench.test>\r\nTo: <rcpt@sink.test>\r\nSubject: connections probe\r\nMessage-ID: <${messageId}>\r\n\r\n`;
    const body = head + `${filler}\r\n`.repeat(Math.ceil((1024 - head.length) / 78));
    result.sent += 1;
    const started = performance.now();
    let step = 'greeting';
    try {
      const { probe: session, greeting } = await SmtpProbe.open(port, '127.0.0.1', probeTimeoutMs);
      const expect = async (line: string | null, code: number, name: string) => {
        step = name;
        const reply = line === null ? greeting : await session.command(line);
        if (reply.code !== code) throw new Error(`${name}: ${reply.code}`);
      };
      await expect(null, 220, 'greeting');
      await expect('EHLO probe.bench.test', 250, 'EHLO');
      await expect('MAIL FROM:<probe@bench.test>', 250, 'MAIL');
      await expect('RCPT TO:<rcpt@sink.test>', 250, 'RCPT');
      await expect('DATA', 354, 'DATA');
      await expect(`${body}.`, 250, 'end of DATA');
      result.submit.push(performance.now() - started);
      void session.close();
      step = 'arrival';
      result.e2e.push(await sink.arrival(messageId, probeTimeoutMs) - started);
      result.delivered += 1;
    } catch (error) {
      const key = `${step}: ${error instanceof Error ? error.message.replace(/ \(\d+ ms\)/, '') : String(error)}`;
      result.failures[key] = (result.failures[key] ?? 0) + 1;
    }
  }
  return result;
}

interface Phase {
  name: string;
  probe: ProbeResult;
  memory: { maxRss: number; lastRss: number; maxPss: number };
  /** From the relay's /metrics during the phase: event-loop delay (ms), the largest V8 heap in use (kB), GC time (ms). */
  lag?: { p50: number; p99: number; max: number; heapKb: number; gcMs: number; majorGcMs: number };
  /** The relay's CPU time (user + system, /proc/PID/stat) during the probe, per message sent, ms. */
  cpuMsPerMessage?: number;
  opened?: OpenResult;
  before?: StatusResult;
  after?: StatusResult;
  processes?: number;
}

async function phase(name: string, port: number, sink: ArrivalSink, memory: () => { rss: number; pss?: number }, relay: BenchRelay | null, holder: Holder | null): Promise<Phase> {
  let opened: OpenResult | undefined;
  if (holder) {
    log(`${name}: opening ${conns} sessions from ${sources.length} addresses`);
    opened = await holder.open(port, conns);
    log(`${name}: ${JSON.stringify(opened)}`);
  }
  const before = holder ? await holder.status() : undefined;
  const rss = sampler(memory);
  const lag = relay ? lagScraper(relay) : null;
  const cpuBefore = relay ? cpuMs(relay.pid) : NaN;
  const result = await probe(port, sink, messages);
  const cpu = relay ? (cpuMs(relay.pid) - cpuBefore) / result.sent : undefined;
  const after = holder ? await holder.status() : undefined;
  const done: Phase = { name, probe: result, memory: rss.stop(), lag: await lag?.stop(), opened, before, after, cpuMsPerMessage: cpu };
  log(`${name}: ${result.delivered}/${result.sent} delivered, e2e p50 ${ms(quantile(result.e2e, 0.5))} ms, RSS max ${mb(done.memory.maxRss)} MB` +
    `${Object.keys(result.failures).length ? `, failures ${JSON.stringify(result.failures)}` : ''}${after ? `, held ${before?.open} -> ${after.open}` : ''}`);
  if (holder) {
    await holder.close();
    await sleep(2000);
  }
  return done;
}

async function createServer(relay: BenchRelay, sinkPort: number): Promise<{ id: string; port: number }> {
  const port = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'connections', port, fqdn: 'relay.bench.local', limits: { max_connections: conns + 100 },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, outbound_security: { authentication: 'anonymous', tls: false } },
  });
  if (created.status !== 201) throw new Error(`create virtual server: ${created.status} ${created.text}`);
  const rule = await relay.api('POST', `/v1/virtual-servers/${created.body.id}/relay-rules`, { cidr: '127.0.0.0/8' });
  if (rule.status !== 201) throw new Error(`create relay rule: ${rule.status} ${rule.text}`);
  for (let tries = 0; ; tries += 1) {
    const up = await SmtpProbe.open(port, '127.0.0.1', 2000).then(async ({ probe: p }) => { await p.close(); return true; }, () => false);
    if (up) break;
    if (tries > 100) throw new Error('the virtual server did not start listening');
    await sleep(100);
  }
  return { id: created.body.id, port };
}

/** max_connections enforcement: LIMIT allowed, CONNS attempted; how many got `421 4.7.0`. */
async function limitPhase(relay: BenchRelay, server: { id: string; port: number }, holder: Holder): Promise<{ limit: number; opened: OpenResult }> {
  const patched = await relay.api('PATCH', `/v1/virtual-servers/${server.id}`, { limits: { max_connections: limit } });
  if (patched.status !== 200) throw new Error(`PATCH max_connections: ${patched.status} ${patched.text}`);
  log(`limit: max_connections ${limit}, opening ${conns}`);
  const opened = await holder.open(server.port, conns);
  log(`limit: ${JSON.stringify(opened)}`);
  await holder.close();
  await sleep(2000);
  await relay.api('PATCH', `/v1/virtual-servers/${server.id}`, { limits: { max_connections: conns + 100 } });
  return { limit, opened };
}

/**
 * PER-IP HOOK (issue #19 item 2, the per-client-IP connection limit; built on the branch `rate-limits`, not here).
 * Set PER_IP_PATCH to the JSON merge patch of the virtual server that sets that limit, and PER_IP_LIMIT to its value,
 * e.g. PER_IP_PATCH='{"limits":{"max_connections_per_ip":50}}' PER_IP_LIMIT=50 once the attribute exists. The phase then
 * opens CONNS sessions from the SOURCES addresses (CONNS/SOURCES each) and expects SOURCES x PER_IP_LIMIT held and
 * the rest refused with `421 4.7.0`. Without PER_IP_PATCH it is skipped and the report says so.
 */
async function perIpPhase(relay: BenchRelay, server: { id: string; port: number }, holder: Holder): Promise<{ expectedHeld: number; opened: OpenResult } | null> {
  const patch = process.env.PER_IP_PATCH;
  if (!patch) return null;
  const perIp = numberKnob('PER_IP_LIMIT', NaN);
  const patched = await relay.api('PATCH', `/v1/virtual-servers/${server.id}`, JSON.parse(patch));
  if (patched.status !== 200) throw new Error(`PATCH per-IP limit: ${patched.status} ${patched.text}`);
  log(`per-IP: ${patch}, opening ${conns}`);
  const opened = await holder.open(server.port, conns);
  await holder.close();
  await sleep(2000);
  return { expectedHeld: Math.min(conns, sources.length * perIp), opened };
}

async function relayPeer(sink: ArrivalSink, holder: Holder) {
  const nodeOptions = listKnob('RELAY_NODE_OPTIONS', '');
  const relay = await startRelay('connections', repoRoot, { code: relayCode, fdLimit: 'hard', nodeOptions });
  cleanups.push(() => relay.stop());
  log(`relay pid ${relay.pid} (${relayCode}), open-files limit ${/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${relay.pid}/limits`, 'utf8'))?.[1]}`);
  const server = await createServer(relay, sink.port);
  const memory = relayMemory(relay.pid);
  if (warmup > 0) {
    const warm = await probe(server.port, sink, warmup);
    log(`warm-up: ${warm.delivered}/${warm.sent} delivered`);
  }
  const phases: Phase[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    phases.push(await phase(`relay idle ${round}`, server.port, sink, memory, relay, null));
    phases.push(await phase(`relay held ${round}`, server.port, sink, memory, relay, holder));
  }
  const enforcement = await limitPhase(relay, server, holder);
  const perIp = await perIpPhase(relay, server, holder);
  const rssAfter = statusField(relay.pid, 'VmRSS');
  await cleanups.pop()!();
  return { phases, enforcement, perIp, rssAfter };
}

async function postfixPeer(sink: ArrivalSink, holder: Holder) {
  const root = mkdtempSync(join(tmpdir(), 'relayform-conns-pf-'));
  chmodSync(root, 0o755); // Postfix's daemons run as the postfix user and must reach the queue under it
  const port = await freePort();
  const env = { ...process.env, PF_ROOT: root, PF_PORT: String(port), SINK_PORT: String(sink.port) };
  cleanups.push(() => {
    execFileSync(join(peersDir, 'postfix-down.sh'), { env, stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(root, { recursive: true, force: true });
  });
  execFileSync(join(peersDir, 'postfix-up.sh'), { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const masterPid = Number(readFileSync(join(root, 'spool/pid/master.pid'), 'utf8').trim());
  const smtpd = smtpdMemory(masterPid);
  if (warmup > 0) {
    const warm = await probe(port, sink, Math.min(warmup, 50));
    log(`postfix warm-up: ${warm.delivered}/${warm.sent} delivered`);
  }
  const idle = await phase('postfix idle', port, sink, smtpd.read, null, null);
  idle.processes = smtpd.processes();
  const held = await phase('postfix held', port, sink, () => { const v = smtpd.read(); heldProcesses = Math.max(heldProcesses, smtpd.processes()); return v; }, null, holder);
  held.processes = heldProcesses;
  const config = execFileSync('postconf', ['-c', join(root, 'etc'), '-h', 'default_process_limit', 'smtpd_timeout'], { encoding: 'utf8' }).trim().split('\n');
  await cleanups.pop()!();
  return { phases: [idle, held], processLimit: config[0], smtpdTimeout: config[1] };
}
let heldProcesses = 0;

function machine(): string[] {
  const model = cpus()[0]?.model ?? 'unknown';
  return [
    `Machine: ${cpus().length} CPUs (\`nproc\`), ${model}, Node ${process.version}; load average at the start ${loadavg().map((l) => l.toFixed(2)).join(', ')} ` +
      '(other helpers\' builds and benchmarks share the machine).',
  ];
}

function phaseRows(phases: Phase[]): string[] {
  const rows = ['| phase | sessions held | ramp (s) | greeting p95 (ms) | probe delivered | e2e p50 (ms) | e2e p95 (ms) | submit p50 (ms) | RSS max (MB) | heap used max (MB) | loop delay p50 / p99 / max (ms) | relay CPU per message (ms) | GC (major) during the probe (ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const p of phases) {
    const held = p.opened ? `${p.before?.open ?? '?'} -> ${p.after?.open ?? '?'} of ${p.opened.attempted}` : '0';
    const lag = p.lag ? `${ms(p.lag.p50)} / ${ms(p.lag.p99)} / ${ms(p.lag.max)}` : 'n/a';
    const failures = Object.entries(p.probe.failures).map(([k, v]) => `${v} ${k}`).join('; ');
    rows.push(`| ${p.name} | ${held} | ${p.opened ? (p.opened.rampMs / 1000).toFixed(1) : '-'} | ${p.opened ? ms(p.opened.greetingMs.p95) : '-'} | ` +
      `${p.probe.delivered}/${p.probe.sent}${failures ? ` (${failures})` : ''} | ${ms(quantile(p.probe.e2e, 0.5))} | ${ms(quantile(p.probe.e2e, 0.95))} | ` +
      `${ms(quantile(p.probe.submit, 0.5))} | ${mb(p.memory.maxRss)}${Number.isNaN(p.memory.maxPss) ? '' : ` (PSS ${mb(p.memory.maxPss)})`} | ` +
      `${p.lag ? mb(p.lag.heapKb) : 'n/a'} | ${lag} | ${p.cpuMsPerMessage === undefined ? 'n/a' : p.cpuMsPerMessage.toFixed(2)} | ` +
      `${p.lag ? `${p.lag.gcMs.toFixed(0)} (${p.lag.majorGcMs.toFixed(0)})` : 'n/a'} |`);
  }
  return rows;
}

const outcome = (o: OpenResult) => [
  `${o.held} held`, ...Object.entries(o.refused).map(([line, n]) => `${n} refused "${line}..."`),
  ...Object.entries(o.connectErrors).map(([code, n]) => `${n} connect ${code}`),
  o.noGreeting ? `${o.noGreeting} no greeting within ${greetingMs / 1000} s` : '', o.closedEarly ? `${o.closedEarly} closed before EHLO's reply` : '',
].filter(Boolean).join(', ');

async function main(): Promise<void> {
  const lines = [`Command: \`CONNS=${conns} npm run bench:connections\` (SOURCES=${sources.length}, MESSAGES=${messages}, ROUNDS=${rounds}, ` +
    `GREETING_S=${greetingMs / 1000}, MAX_PENDING=${maxPending}, LIMIT=${limit}, RELAY_CODE=${relayCode}).`, ...machine(), ''];
  const sink = await ArrivalSink.start();
  cleanups.push(() => sink.stop());
  const holder = Holder.start();
  if (peers.includes('relay')) {
    const relay = await relayPeer(sink, holder);
    const idle = relay.phases.filter((p) => p.name.includes('idle'));
    const held = relay.phases.filter((p) => p.name.includes('held'));
    const p50 = (list: Phase[]) => quantile(list.flatMap((p) => p.probe.e2e), 0.5);
    const maxRss = Math.max(...held.map((p) => p.memory.maxRss));
    const ratio = p50(held) / p50(idle);
    const e = relay.enforcement.opened;
    const refused470 = Object.entries(e.refused).filter(([line]) => line.startsWith('421 4.7.0')).reduce((n, [, v]) => n + v, 0);
    lines.push('**Relay**', '', ...phaseRows(relay.phases), '',
      `- Goal RSS under 600 MB with ${conns} sessions: ${maxRss < 600 * 1024 ? 'met' : 'not met'}, ${mb(maxRss)} MB at most while held ` +
        `(idle before: ${mb(Math.max(...idle.map((p) => p.memory.maxRss)))} MB; after the last phase: ${mb(relay.rssAfter)} MB).`,
      `- Goal new client's 1 KB e2e p50 within 2x of idle: ${ratio <= 2 ? 'met' : 'not met'}, ${ms(p50(held))} ms held vs ${ms(p50(idle))} ms idle = ${ratio.toFixed(2)}x ` +
        `(p95 ${ms(quantile(held.flatMap((p) => p.probe.e2e), 0.95))} vs ${ms(quantile(idle.flatMap((p) => p.probe.e2e), 0.95))} ms).`,
      `- max_connections = ${relay.enforcement.limit}, ${e.attempted} sessions opened: ${outcome(e)}; ` +
        `${refused470} got \`421 4.7.0\` (${e.held === relay.enforcement.limit && refused470 === e.attempted - relay.enforcement.limit ? 'exactly the sessions over the limit' : `expected ${relay.enforcement.limit} held and ${e.attempted - relay.enforcement.limit} refused`}).`,
      relay.perIp
        ? `- Per-IP limit (${process.env.PER_IP_PATCH}): ${outcome(relay.perIp.opened)}; expected ${relay.perIp.expectedHeld} held.`
        : '- Per-IP limit: not measured (set PER_IP_PATCH and PER_IP_LIMIT, see perIpPhase).',
      '');
  }
  if (peers.includes('postfix')) {
    const postfix = await postfixPeer(sink, holder);
    const [idle, held] = postfix.phases;
    const o = held.opened!;
    lines.push(`**Postfix** (default_process_limit ${postfix.processLimit}, smtpd_timeout ${postfix.smtpdTimeout}, as postfix-up.sh configures it)`, '', ...phaseRows(postfix.phases), '',
      `- ${o.attempted} sessions: ${outcome(o)}; greeted within ${greetingMs / 1000} s: ${o.held} (greeting p50 ${ms(o.greetingMs.p50)} ms, max ${ms(o.greetingMs.max)} ms). ` +
        `While the probe ran: held ${held.before?.open} -> ${held.after?.open}, ${held.after?.closedByServer ?? 0} held sessions closed by Postfix, ` +
        `${held.after?.heldLate ?? 0} greeted late.`,
      `- smtpd processes: ${idle.processes} idle, up to ${held.processes} under load; their RSS summed ${mb(held.memory.maxRss)} MB, PSS summed ${mb(held.memory.maxPss)} MB ` +
        '(RSS counts shared library pages once per process).', '');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(async () => {
  await cleanup();
  process.exit(0);
}, async (error: unknown) => {
  log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  await cleanup();
  process.exit(1);
});
