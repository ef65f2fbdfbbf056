// Measures what outbound TLS verification plus OAuth2 (XOAUTH2 with a cached client-credentials token) cost in delivery
// throughput against the current encrypt path (encrypt, AUTH PLAIN), end to end through the relay, in one run.
//
// Usage: npm run bench:outbound-tls          (= node --import tsx bench/outbound-tls/run.ts)
// Knobs (environment): ROUTE_A=oauth2+verify and ROUTE_B=basic+encrypt (each one of oauth2+verify, basic+verify,
// basic+encrypt: the controls, e.g. basic+encrypt against itself, or basic+verify against basic+encrypt for verify
// alone), N=2000 messages per round, ROUNDS=12 pairs, WARMUP=1000 messages per path, SIZE=1024, CONC=10,
// TOKEN_TTL_S=30 (access token lifetime), RECONNECT=1 (the sinks close the relay's idle sessions before each of their
// rounds: every round opens its sessions anew, with the TLS handshake, the certificate check and AUTH),
// ROUND_TIMEOUT_S=300; RELAY_NODE_OPTIONS and PEERS_NODE_OPTIONS: Node flags for the relay / peers.ts process, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof" (the profile is written when the process stops).
//
// Processes, all on 127.0.0.1 with ports free at run time, all stopped by PID at the end:
// - the relay (relay-service/src/cli.ts serve, log level warn, one process) with two virtual servers made through the
//   API, both relaying for 127.0.0.0/8 to their own smart host: by default A with oauth2 + tls_policy verify (the test
//   CA as tls_ca_pem), B with basic (AUTH PLAIN) + tls_policy encrypt;
// - peers.ts: the OAuth2 server and the two TLS sinks, in a process of their own;
// - smtp-source (Debian postfix) per round: SIZE bytes at CONC sessions, N messages, to A or B.
// Throughput = N / (first submission .. the sink holds all N). The pairs alternate their order (AB, BA, AB, ...), so
// drift in the machine's load and whatever one round leaves behind for the next hit both paths alike. Prints
// Markdown for bench/RESULTS.md on stdout, progress on stderr. No secret or token is printed.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { freePort } from '../../test/support/free-port.ts';
import { startTestRelay, type TestRelay } from '../../test/support/test-relay.ts';
import { knob, listKnob, numberKnob } from '../knobs.ts';
import type { PathName, PeersReply, PeersRequest, PeersStats, SinkAuth } from './peers.ts';

/** How a virtual server delivers to its smart host: authentication and tls_policy. */
interface RouteSpec {
  auth: SinkAuth;
  policy: 'verify' | 'encrypt';
}

/** ROUTE_A / ROUTE_B: "oauth2+verify", "basic+verify" or "basic+encrypt" (oauth2 needs verify: tls_ca_pem also trusts the token endpoint). */
function routeSpec(variable: string, fallback: string): RouteSpec & { label: string } {
  const label = knob(variable, fallback);
  const [auth, policy] = label.split('+');
  if (!['oauth2+verify', 'basic+verify', 'basic+encrypt'].includes(label)) throw new Error(`${variable}=${label}: use oauth2+verify, basic+verify or basic+encrypt`);
  return { auth: auth as SinkAuth, policy: policy as RouteSpec['policy'], label };
}

const n = numberKnob('N', 2000);
const rounds = numberKnob('ROUNDS', 12);
const warmup = numberKnob('WARMUP', 1000);
const size = numberKnob('SIZE', 1024);
const conc = numberKnob('CONC', 10);
const tokenTtlS = numberKnob('TOKEN_TTL_S', 30);
const reconnect = knob('RECONNECT', '1') !== '0';
const roundTimeoutMs = numberKnob('ROUND_TIMEOUT_S', 300) * 1000;
const routes: Record<PathName, RouteSpec & { label: string }> = { A: routeSpec('ROUTE_A', 'oauth2+verify'), B: routeSpec('ROUTE_B', 'basic+encrypt') };

const log = (line: string) => process.stderr.write(`outbound-tls: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU milliseconds a live process has used so far, all its threads (Linux schedstat). */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

/** peers.ts as a child process: requests go over IPC, each answered by the first reply `accept` takes. */
class Peers {
  private constructor(readonly child: ChildProcess, readonly ready: Extract<PeersReply, { type: 'ready' }>) {}

  static async start(): Promise<Peers> {
    const child = fork(new URL('./peers.ts', import.meta.url), [], {
      execArgv: [...listKnob('PEERS_NODE_OPTIONS', ''), '--import', 'tsx'], env: { ...process.env, TOKEN_TTL_S: String(tokenTtlS), SINK_A_AUTH: routes.A.auth, SINK_B_AUTH: routes.B.auth }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<PeersReply>((resolve, reject) => {
      child.once('message', (reply: PeersReply) => resolve(reply));
      child.once('exit', (code) => reject(new Error(`peers exited with ${code} before it was ready`)));
    });
    if (ready.type !== 'ready') throw new Error(`peers sent ${ready.type} first`);
    return new Peers(child, ready);
  }

  ask<T extends PeersReply>(request: PeersRequest, accept: (reply: PeersReply) => reply is T): Promise<T> {
    return new Promise((resolve) => {
      const listener = (reply: PeersReply) => {
        if (!accept(reply)) return;
        this.child.off('message', listener);
        resolve(reply);
      };
      this.child.on('message', listener);
      this.child.send(request);
    });
  }

  stats(): Promise<PeersStats> {
    return this.ask({ type: 'stats' }, (r): r is Extract<PeersReply, { type: 'stats' }> => r.type === 'stats').then((r) => r.stats);
  }

  /** Asks it to stop; SIGKILL by PID when it has not exited after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies PeersRequest);
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** The relay's /metrics as "name{labels} value" lines. */
async function metrics(relay: TestRelay): Promise<string[]> {
  const response = await fetch(`${relay.apiUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  return (await response.text()).split('\n').filter((line) => line && !line.startsWith('#'));
}

/** Waits (at most 60 s) until the relay's queue is empty: nothing of a previous round is still being delivered. */
async function queueDrained(relay: TestRelay): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const queued = (await metrics(relay)).filter((l) => l.startsWith('smtp_queue_messages{')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    if (queued === 0) return;
    await sleep(100);
  }
  throw new Error('the relay queue did not drain within 60 s');
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port (at most 10 s). */
async function listening(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

/** Creates a virtual server on a free port that relays for 127.0.0.0/8 to the smart host 127.0.0.1:sinkPort; returns its port. */
async function virtualServer(relay: TestRelay, name: string, sinkPort: number, outboundSecurity: Record<string, unknown>): Promise<number> {
  const port = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name, port, fqdn: 'relay.bench.local', limits: { max_connections: 1000 },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, outbound_security: outboundSecurity },
  });
  // The body of a refused write names the JSON path at fault; the write-only secrets are never echoed.
  if (created.status !== 201) throw new Error(`creating virtual server ${name}: ${created.status} ${created.text}`);
  const rule = await relay.api('POST', `/v1/virtual-servers/${created.body.id}/relay-rules`, { cidr: '127.0.0.0/8' });
  if (rule.status !== 201) throw new Error(`relay rule for ${name}: ${rule.status} ${rule.text}`);
  await listening(port);
  return port;
}

/** smtp-source: `count` messages at CONC sessions to 127.0.0.1:port; resolves when it exited with 0 (stopped by PID on timeout). */
function submit(port: number, count: number): Promise<void> {
  const args = ['-s', String(conc), '-m', String(count), '-l', String(size), '-M', 'bench.local', '-f', 'sender@bench.local',
    '-t', 'rcpt@example.com', '-N', `127.0.0.1:${port}`];
  return new Promise((resolve, reject) => {
    const source = spawn('smtp-source', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    source.stderr.on('data', (chunk) => (errors += chunk));
    const timer = setTimeout(() => source.kill('SIGKILL'), roundTimeoutMs);
    source.once('error', reject);
    source.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`smtp-source exited with ${code ?? signal}: ${errors.trim().slice(-300)}`));
    });
  });
}

interface Round {
  path: PathName;
  /** Messages per second, first submission until the sink held all of them. */
  e2e: number;
  /** Messages per second until smtp-source had every 250 from the relay. */
  accept: number;
  relayCpuMsPerMsg: number;
  peersCpuMsPerMsg: number;
}

/** Sends `count` messages through `path` and times them into its sink. */
async function measure(relay: TestRelay, peers: Peers, ports: Record<PathName, number>, path: PathName, count: number): Promise<Round> {
  await queueDrained(relay);
  if (reconnect) await peers.ask({ type: 'drop', path }, (r): r is Extract<PeersReply, { type: 'dropped' }> => r.type === 'dropped' && r.path === path);
  await peers.ask({ type: 'reset', path }, (r): r is Extract<PeersReply, { type: 'reset' }> => r.type === 'reset' && r.path === path);
  await sleep(200);
  const reached = peers.ask({ type: 'expect', path, count }, (r): r is Extract<PeersReply, { type: 'reached' }> => r.type === 'reached' && r.path === path);
  const cpu0 = { relay: cpuMs(relay.pid), peers: cpuMs(peers.child.pid!) };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${path}: the sink did not get ${count} messages within ${roundTimeoutMs / 1000} s`)), roundTimeoutMs);
  });
  try {
    const accepted = submit(ports[path], count).then(() => performance.now());
    const [acceptedAt, deliveredAt] = await Promise.race([Promise.all([accepted, reached.then(() => performance.now())]), timeout]);
    const cpu = { relay: cpuMs(relay.pid) - cpu0.relay, peers: cpuMs(peers.child.pid!) - cpu0.peers };
    return {
      path,
      e2e: count / ((deliveredAt - started) / 1000),
      accept: count / ((acceptedAt - started) / 1000),
      relayCpuMsPerMsg: cpu.relay / count,
      peersCpuMsPerMsg: cpu.peers / count,
    };
  } finally {
    clearTimeout(timer);
  }
}

const loadBefore = loadavg();
const startedAt = new Date();
let relay: TestRelay | null = null;
let peers: Peers | null = null;
const cleanup = async () => {
  await Promise.all([peers?.stop(), relay?.dispose()]);
  peers = null;
  relay = null;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));

try {
  peers = await Peers.start();
  const { ready } = peers;
  relay = await startTestRelay({ mode: 'child-process', logLevel: 'warn', workers: 0, execArgv: listKnob('RELAY_NODE_OPTIONS', '') });
  log(`relay pid ${relay.pid}, peers pid ${peers.child.pid}, A ${routes.A.label} to :${ready.ports.A}, B ${routes.B.label} to :${ready.ports.B}, token lifetime ${tokenTtlS} s`);
  const outboundSecurity = ({ auth, policy }: RouteSpec) => (auth === 'oauth2'
    ? {
      authentication: 'oauth2', tls_policy: policy, tls_ca_pem: ready.caPem, username: ready.oauth2.username,
      token_url: ready.oauth2.tokenUrl, client_id: ready.oauth2.clientId, client_secret_wo: ready.oauth2.clientSecret, scope: ready.oauth2.scope,
    }
    : {
      authentication: 'basic', tls_policy: policy, username: ready.basic.username, password_wo: ready.basic.password,
      ...(policy === 'verify' ? { tls_ca_pem: ready.caPem } : {}),
    });
  const ports: Record<PathName, number> = {
    A: await virtualServer(relay, 'bench-a', ready.ports.A, outboundSecurity(routes.A)),
    B: await virtualServer(relay, 'bench-b', ready.ports.B, outboundSecurity(routes.B)),
  };

  const loadStart = Date.now();
  for (const path of ['A', 'B'] as const) {
    if (warmup > 0) log(`warm-up ${path}: ${(await measure(relay, peers, ports, path, warmup)).e2e.toFixed(0)} msg/s (not counted)`);
  }
  const pairs: Array<Record<PathName, Round>> = [];
  for (let i = 0; i < rounds; i++) {
    const order: PathName[] = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const pair = {} as Record<PathName, Round>;
    for (const path of order) pair[path] = await measure(relay, peers, ports, path, n);
    pairs.push(pair);
    log(`pair ${i + 1}/${rounds} (${order.join('')}): A ${pair.A.e2e.toFixed(0)} msg/s, B ${pair.B.e2e.toFixed(0)} msg/s, A/B ${(pair.A.e2e / pair.B.e2e).toFixed(3)}`);
  }
  const loadSeconds = (Date.now() - loadStart) / 1000;
  await queueDrained(relay);
  const stats = await peers.stats();
  const tlsSessions = (await metrics(relay)).filter((l) => l.startsWith('smtp_outbound_tls_total{'));
  const loadAfter = loadavg();

  const fmt = (x: number, digits = 0) => x.toFixed(digits);
  const out: string[] = [];
  out.push(`Command: \`ROUTE_A=${routes.A.label} ROUTE_B=${routes.B.label} N=${n} ROUNDS=${rounds} WARMUP=${warmup} SIZE=${size} CONC=${conc} TOKEN_TTL_S=${tokenTtlS} RECONNECT=${reconnect ? 1 : 0} npm run bench:outbound-tls\``);
  out.push('');
  out.push(`Run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${fmt(loadSeconds)} s of load. Machine: ${cpus().length} CPUs, ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, ` +
    `after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}. ${size} B messages, ${conc} sessions, ${n} messages per round, ${warmup} warm-up per path, ` +
    `sessions ${reconnect ? 'closed by the sink before each round' : 'kept across rounds'}.`);
  out.push('');
  out.push(`| pair | order | A ${routes.A.label} msg/s | B ${routes.B.label} msg/s | A/B | A accept msg/s | B accept msg/s | relay CPU ms/msg A / B | sinks CPU ms/msg A / B |`);
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const [i, pair] of pairs.entries()) {
    out.push(`| ${i + 1} | ${i % 2 === 0 ? 'AB' : 'BA'} | ${fmt(pair.A.e2e)} | ${fmt(pair.B.e2e)} | ${fmt(pair.A.e2e / pair.B.e2e, 3)} | ${fmt(pair.A.accept)} | ${fmt(pair.B.accept)} | ` +
      `${fmt(pair.A.relayCpuMsPerMsg, 2)} / ${fmt(pair.B.relayCpuMsPerMsg, 2)} | ${fmt(pair.A.peersCpuMsPerMsg, 2)} / ${fmt(pair.B.peersCpuMsPerMsg, 2)} |`);
  }
  const ratios = pairs.map((p) => p.A.e2e / p.B.e2e);
  const cpuRatios = pairs.map((p) => p.A.relayCpuMsPerMsg / p.B.relayCpuMsPerMsg);
  const medianOf = (path: PathName, key: 'e2e' | 'relayCpuMsPerMsg') => median(pairs.map((p) => p[path][key]));
  out.push('');
  out.push(`Median A ${fmt(medianOf('A', 'e2e'))} msg/s, B ${fmt(medianOf('B', 'e2e'))} msg/s; A/B per pair: median **${fmt(median(ratios), 3)}**, ` +
    `min ${fmt(Math.min(...ratios), 3)}, max ${fmt(Math.max(...ratios), 3)} (A ${median(ratios) <= 1 ? 'below' : 'above'} B by ${fmt(Math.abs(1 - median(ratios)) * 100, 1)}%). ` +
    `Relay CPU per message, median: A ${fmt(medianOf('A', 'relayCpuMsPerMsg'), 3)} ms, B ${fmt(medianOf('B', 'relayCpuMsPerMsg'), 3)} ms; ` +
    `A/B per pair: median ${fmt(median(cpuRatios), 3)}, min ${fmt(Math.min(...cpuRatios), 3)}, max ${fmt(Math.max(...cpuRatios), 3)}.`);
  out.push('');
  const issued = stats.tokenIssuedAt;
  const gaps = issued.slice(1).map((t, i) => t - issued[i]);
  // The relay hands a token out until 10% of its lifetime (at most 60 s) before it expires; iat has whole seconds.
  const refreshS = tokenTtlS - Math.min(60, tokenTtlS / 10);
  const early = gaps.filter((g) => g < refreshS - 1).length;
  out.push(`Token requests at the OAuth2 server: ${stats.tokenRequests} (${issued.length} tokens issued) over ${fmt(loadSeconds)} s of load = ` +
    `${fmt(loadSeconds / tokenTtlS, 1)} token lifetimes of ${tokenTtlS} s; gaps between issues (s, from iat): ${gaps.join(', ') || '-'} ` +
    `(the relay renews ${fmt(refreshS, 1)} s after a request; renewed earlier: ${early}). ` +
    `Sink A: ${stats.sinks.A.connections} sessions, ${stats.sinks.A.authAttempts} ${routes.A.auth} logins; sink B: ${stats.sinks.B.connections} sessions, ` +
    `${stats.sinks.B.authAttempts} ${routes.B.auth} logins. Messages at the sinks: A ${stats.sinks.A.messages}, B ${stats.sinks.B.messages}, ` +
    `all over STARTTLS and authenticated: ${stats.sinks.A.allSecureAndAuthenticated && stats.sinks.B.allSecureAndAuthenticated ? 'yes' : 'NO'}.`);
  out.push('');
  out.push(`Relay sessions by TLS policy (smtp_outbound_tls_total): ${tlsSessions.map((l) => l.replace(/^smtp_outbound_tls_total/, '')).join('; ')}`);
  process.stdout.write(out.join('\n') + '\n');
} finally {
  await cleanup();
}
