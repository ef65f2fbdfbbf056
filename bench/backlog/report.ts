// Turns one backlog run's measurements into the Markdown of bench/RESULTS.md: tables per phase and each goal met or not.
import type { SinkStats } from './sink.ts';
import type { QueueSample, Sample } from './probes.ts';

/** The scheduler's bound on messages held at once (relay-service/src/delivery/delivery-worker.ts, activeWindow). */
const activeWindow = 100;

export interface Results {
  command: string;
  startedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  cpuModel: string;
  cpus: number;
  node: string;
  m: number;
  conc: number;
  size: number;
  e2eRate: number;
  e2eAccept: number;
  emptyRate: number;
  /** Relay CPU per accepted message into the empty queue (all threads). */
  emptyCpuMsPerMsg: number;
  backlogRate: number;
  chunks: Array<{ phase: string; upTo: number; rate: number; cpuMsPerMsg: number; rssMb: number }>;
  settleS: number;
  afterBacklog: QueueSample;
  rssBefore: number;
  drainS: number;
  retried: number;
  flushS: number;
  freshAccepted: Record<string, number>;
  freshArrived: Record<string, number>;
  freshFailures: string[];
  idleAccepted: Record<string, number>;
  idleArrived: Record<string, number>;
  drainSink: SinkStats;
  beforeKill: QueueSample;
  rssAtKill: number;
  restart: { greetingMs: number; greetingCpuMs: number; healthyMs: number; load: number };
  emptyRestart: Results['restart'];
  afterRestart: QueueSample;
  recoverS: number;
  recovered: SinkStats;
  leftInQueue: QueueSample;
  samples: Sample[];
}

const f = (x: number, digits = 0) => x.toFixed(digits);
const met = (ok: boolean) => (ok ? '**met**' : '**not met**');

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Accept-to-sink milliseconds of every fresh message that arrived, and how many did not. */
function latencies(accepted: Record<string, number>, arrived: Record<string, number>): { ms: number[]; missing: number } {
  const ms: number[] = [];
  let missing = 0;
  for (const [id, at] of Object.entries(accepted)) {
    if (arrived[id] === undefined) missing++;
    else ms.push(arrived[id] - at);
  }
  return { ms, missing };
}

export function report(r: Results): string {
  const out: string[] = [];
  const load = (l: number[]) => l.map((x) => f(x, 2)).join(' ');
  out.push(`Command: \`${r.command}\``, '');
  out.push(`Run: ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${r.cpus} CPUs (\`nproc\`), ${r.cpuModel}, Node ${r.node}; ` +
    `load average (uptime) before ${load(r.loadBefore)}, after ${load(r.loadAfter)}. Relay: production build, one process, SQLite. ` +
    `${r.size} B messages from smtp-source at ${r.conc} sessions.`, '');

  const b = r.chunks.filter((c) => c.phase === 'B');
  const ratios = b.map((c) => c.rate / r.emptyRate);
  const phaseB = r.samples.filter((s) => s.phase === 'B');
  const rssB = phaseB.map((s) => s.rssMb);
  const rssGrowth = Math.max(...rssB) - r.rssBefore;
  const leased = (phase: string) => Math.max(0, ...r.samples.filter((s) => s.phase === phase && s.leased !== undefined).map((s) => s.leased!));
  const maxLeased = Math.max(leased('B'), leased('C'), leased('D'));
  out.push(`**Accepting with the smart host down.** Empty-queue accept rate (the smart host down, ${r.chunks.length ? 'the same relay' : ''} before the backlog): ` +
    `${f(r.emptyRate)} msg/s, relay CPU ${f(r.emptyCpuMsPerMsg, 2)} ms per message (all threads; less sensitive to the machine's load than the rate). Whole backlog: ${f(r.backlogRate)} msg/s. Every accepted message was tried once at once (connection refused) and deferred; ` +
    `the last attempt ended ${f(r.settleS, 1)} s after the last 250; queue then ${r.afterBacklog.fresh} fresh, ${r.afterBacklog.deferred} deferred.`, '');
  out.push('| phase | queued after chunk | accept msg/s | / empty-queue rate | relay CPU ms/msg | / empty-queue CPU | relay RSS MB |', '|---|---|---|---|---|---|---|');
  for (const c of r.chunks) {
    out.push(`| ${c.phase} | ${c.upTo} | ${f(c.rate)} | ${f(c.rate / r.emptyRate, 2)} | ${f(c.cpuMsPerMsg, 2)} | ${f(c.cpuMsPerMsg / r.emptyCpuMsPerMsg, 2)} | ${f(c.rssMb)} |`);
  }
  out.push('', `(B: the first backlog; D: the second one, accepted after the drain emptied the queue, before the kill -9.)`, '');
  const samplesWithQueue = r.samples.filter((s) => s.leased !== undefined);
  const every = Math.max(1, Math.ceil(samplesWithQueue.length / 30));
  out.push('Samples over the run (every ' + every * 2 + ' s): time, phase, relay RSS, queue (fresh / deferred) and messages under a live lease (the active window):', '');
  out.push('| t s | phase | RSS MB | fresh | deferred | leased |', '|---|---|---|---|---|---|');
  samplesWithQueue.filter((_, i) => i % every === 0).forEach((s) => out.push(`| ${f(s.t)} | ${s.phase} | ${f(s.rssMb)} | ${s.fresh} | ${s.deferred} | ${s.leased} |`));
  out.push('');

  const drainRate = r.m / r.drainS;
  const fresh = latencies(r.freshAccepted, r.freshArrived);
  const idle = latencies(r.idleAccepted, r.idleArrived);
  out.push(`**Draining.** Normal e2e rate (empty queue, smart host up, ${r.chunks.length ? 'same run' : ''}): ${f(r.e2eRate)} msg/s (accept ${f(r.e2eAccept)} msg/s). ` +
    `Drain of ${r.m}: ${f(r.drainS, 1)} s = ${f(drainRate)} msg/s (${f(drainRate / r.e2eRate, 2)} of the e2e rate), from the sink's start, including the flush ` +
    `(\`POST /v1/queue/retry\`, ${r.retried} messages in pages of 1000, ${f(r.flushS, 1)} s). Sink during the drain: ${r.drainSink.received} received, ` +
    `${r.drainSink.duplicates} duplicates.`, '');
  out.push(`Fresh mail during the drain (one new session and message every second, accept (250) to sink): ${fresh.ms.length} arrived, ${fresh.missing} missing, ` +
    `${r.freshFailures.length} send failures; p50 ${f(percentile(fresh.ms, 50))} ms, p95 ${f(percentile(fresh.ms, 95))} ms, max ${f(Math.max(...fresh.ms))} ms. ` +
    `On the empty queue before: p50 ${f(percentile(idle.ms, 50))} ms, p95 ${f(percentile(idle.ms, 95))} ms (${idle.ms.length} messages).`, '');

  const lost = r.m - r.recovered.unique;
  out.push(`**kill -9 with ${r.m} queued.** Queue at the kill: ${r.beforeKill.fresh} fresh, ${r.beforeKill.deferred} deferred, ${r.beforeKill.leased} leased; relay RSS ${f(r.rssAtKill)} MB. ` +
    `Restart on the same data dir: SMTP greeting ${r.restart.greetingMs} ms after the spawn (the relay had used ${r.restart.greetingCpuMs} ms of CPU by then; ` +
    `1-minute load average ${f(r.restart.load, 1)}), API healthy ${r.restart.healthyMs} ms after it. The same with the queue empty (after the drain, kill -9 again): ` +
    `greeting ${r.emptyRestart.greetingMs} ms, ${r.emptyRestart.greetingCpuMs} ms of CPU (load ${f(r.emptyRestart.load, 1)}). Queue after the restart ` +
    `${r.afterRestart.fresh} fresh, ${r.afterRestart.deferred} deferred. Drained (flush, then until the sink had ${r.m} distinct queue ids) in ${f(r.recoverS, 1)} s ` +
    `(${f(r.m / r.recoverS)} msg/s). At the sink 5 s later: ${r.recovered.received} received, ${r.recovered.unique} distinct, ${r.recovered.duplicates} duplicates, ` +
    `${r.recovered.withoutId} without a queue id; queue left: ${r.leftInQueue.fresh + r.leftInQueue.deferred}.`, '');

  const minRatio = Math.min(...ratios);
  out.push('| goal | result | |', '|---|---|---|');
  const cpuRatios = b.map((c) => c.cpuMsPerMsg / r.emptyCpuMsPerMsg);
  out.push(`| accept rate within 20% of the empty-queue rate | worst chunk ${f(minRatio, 2)}, median ${f(percentile(ratios, 50), 2)}, whole backlog ${f(r.backlogRate / r.emptyRate, 2)}; ` +
    `CPU per message worst chunk ${f(Math.max(...cpuRatios), 2)}x the empty queue's | ${met(minRatio >= 0.8)} |`);
  out.push(`| RSS flat within 100 MB while accepting | ${f(r.rssBefore)} MB before, max ${f(Math.max(...rssB))} MB: +${f(rssGrowth)} MB | ${met(rssGrowth <= 100)} |`);
  out.push(`| active window bounded (${activeWindow}) | at most ${maxLeased} messages leased at a sample (B ${leased('B')}, C ${leased('C')}, D ${leased('D')}) | ${met(maxLeased <= activeWindow)} |`);
  out.push(`| drain at least 80% of the normal e2e rate | ${f(drainRate)} / ${f(r.e2eRate)} msg/s = ${f(drainRate / r.e2eRate, 2)} | ${met(drainRate >= 0.8 * r.e2eRate)} |`);
  out.push(`| deferred mail does not starve fresh mail (every fresh message arrives, p95 under 1 s) | p95 ${f(percentile(fresh.ms, 95))} ms, ${fresh.missing} missing | ${met(fresh.missing === 0 && r.freshFailures.length === 0 && percentile(fresh.ms, 95) < 1000)} |`);
  out.push(`| SMTP listening again under 5 s after kill -9 | ${r.restart.greetingMs} ms (${r.restart.greetingCpuMs} ms CPU; empty queue ${r.emptyRestart.greetingMs} ms, ` +
    `${r.emptyRestart.greetingCpuMs} ms CPU) | ${met(r.restart.greetingMs < 5000)} |`);
  out.push(`| nothing lost | ${r.recovered.unique} of ${r.m} distinct at the sink, ${lost} lost, ${r.recovered.duplicates} duplicates | ${met(lost === 0 && r.recovered.withoutId === 0)} |`);
  return out.join('\n') + '\n';
}
