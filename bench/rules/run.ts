// Rules at scale: relay (per RCPT) and connection decision time at 10 to 10,000 rules, the rule index against the old scan.
//
// Usage: npm run bench:rules          (= node --import tsx bench/rules/run.ts)
// Knobs (environment): SIZES="10 1000 10000" (rules per list), ROUNDS=5, OLD_REF=168f287 (the commit before the rule
// index: the old scan; OLD_LABEL=old-scan and NEW_LABEL=index name the two relays in the tables), MICRO_MS=200 (time
// per microbenchmark batch), CONNS=10 connections and RCPTS=20 recipients per (relay, size, round) in the e2e part,
// WRITES=100 and OBEYS=10 per relay in the writes part, LOAD=api (or `store`: the rule lists created straight in each
// relay's store while it is stopped, with its own code, bench/rules/relays.ts loadRules: seconds instead of minutes),
// PARTS="micro e2e writes" (add `plan` for the Terraform part; PLAN_SIZES="1000 10000", PLAN_ROUNDS=3, PLAN_FORMS="count"
// or "bulk" or both, PLAN_COUNT_SIZES; `costs` for
// where one write's time goes in process, bench/rules/write-costs.ts).
//
// - micro: decideRelay (one RCPT) and decideConnection of this tree and of OLD_REF (its code imported from a `git archive`
//   of it) on the same VirtualServerConfig objects; rule lists as bench/rules/rule-sets.ts makes them (with 5% domain
//   rules and a client host name), the listed client last in the relay rules. Batches of MICRO_MS per (size, code),
//   the two codes alternating which goes first in each round; the figure is the median over ROUNDS of a batch's mean.
// - e2e: two relay processes on loopback (this tree and OLD_REF), each with one virtual server per size configured
//   through the API (relay rules in only_listed mode, connection rules in all_except_listed mode, both lists of that
//   size, without domain rules: those need reverse DNS, which this sandbox has no server for). A real SMTP client
//   (bench/rules/smtp-probe.ts) times connect-to-greeting (the connect decision) and each RCPT TO (the relay decision)
//   of RCPTS recipients on CONNS connections, relays and sizes interleaved, the order alternating per round.
// - writes: on each relay's smallest and largest server, while one client keeps opening sessions to it (only to the relay
//   being written to) (so each change
//   reaches a data plane in use), WRITES more relay rules are created one at a time through the API (latency of each
//   POST), then OBEYS times a rule for a new client address 127.0.0.k: the time from the start of its POST until an
//   RCPT from 127.0.0.k is accepted (fresh sessions, one after another). The relays alternate in rounds of 10 writes.
// - plan: `terraform plan` of N smtp_relay_rule (count) or one smtp_relay_rules of N against this tree's relay, with and without
//   refresh (bench/rules/terraform-plan.ts).
// Prints Markdown for bench/RESULTS.md on stdout, progress on stderr. Every process it starts is stopped by PID.
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { virtualServerConfig, rule } from '../../test/data-plane/virtual-server-config.ts';
import type { VirtualServerConfig } from '../../relay-service/src/config/config-reader.ts';
import type { PolicyDecision } from '../../relay-service/src/policy/policy-decision.ts';
import type { ClientIdentity } from '../../relay-service/src/policy/address-match.ts';
import { knob, listKnob, numberKnob } from '../knobs.ts';
import { connectionRules, relayRules } from './rule-sets.ts';
import { createRules, exportTree, loadRules, repoRoot, startRelay, type BenchRelay } from './relays.ts';
import { SmtpProbe } from './smtp-probe.ts';
import { planPart } from './terraform-plan.ts';
import { writeCosts } from './write-costs.ts';

const sizes = listKnob('SIZES', '10 1000 10000').map(Number);
const rounds = numberKnob('ROUNDS', 5);
const oldRef = knob('OLD_REF', '168f287');
const microMs = numberKnob('MICRO_MS', 200);
const conns = numberKnob('CONNS', 10);
const rcpts = numberKnob('RCPTS', 20);
const parts = listKnob('PARTS', 'micro e2e writes');
const writes = numberKnob('WRITES', 100);
const obeys = numberKnob('OBEYS', 10);
const load = knob('LOAD', 'api') === 'store' ? 'store' : 'api';
/** What the two relays are called in the tables: the old commit and this tree. */
const [oldLabel, newLabel] = [knob('OLD_LABEL', 'old-scan'), knob('NEW_LABEL', 'index')];

const log = (line: string) => process.stderr.write(`bench:rules: ${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const us = (ms: number) => (ms * 1000).toFixed(ms < 0.01 ? 2 : 1);
const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

interface PolicyCode {
  decideRelay(config: VirtualServerConfig, input: { client_ip: string; client_hostname?: string | null; authenticated_as: string | null; sender: string; recipient: string }): PolicyDecision;
  decideConnection(config: VirtualServerConfig, client: ClientIdentity): PolicyDecision;
}

async function policyCode(tree: string): Promise<PolicyCode> {
  const relay = await import(join(tree, 'relay-service/src/policy/relay-decision.ts')) as Pick<PolicyCode, 'decideRelay'>;
  const connection = await import(join(tree, 'relay-service/src/policy/connection-decision.ts')) as Pick<PolicyCode, 'decideConnection'>;
  return { decideRelay: relay.decideRelay, decideConnection: connection.decideConnection };
}

/** Mean time of one call in a batch of about `microMs`. */
function batch(call: () => void): number {
  let count = 0;
  const started = performance.now();
  let now = started;
  while (now - started < microMs) {
    for (let i = 0; i < 8; i += 1) call();
    count += 8;
    now = performance.now();
  }
  return (now - started) / count;
}

async function micro(trees: Record<'old' | 'new', string>): Promise<string> {
  const code = { old: await policyCode(trees.old), new: await policyCode(trees.new) };
  const client = { ip: '127.0.0.1', hostname: 'client.bench.test' };
  const input = { client_ip: client.ip, client_hostname: client.hostname, authenticated_as: null, sender: 'sender@bench.test', recipient: 'someone@elsewhere.test' };
  const configs = new Map(sizes.map((size) => [size, virtualServerConfig({
    relayRules: relayRules(size, true).map((r) => rule(r)),
    connectionRules: connectionRules(size, true).map((r) => rule(r)),
  })]));
  // Both codes must decide alike here before they are timed: relayed, admitted.
  for (const [size, config] of configs) for (const which of ['old', 'new'] as const) {
    if (code[which].decideRelay(config, input).decision !== 'accept') throw new Error(`${which} refused the listed client at ${size} rules`);
    if (code[which].decideConnection(config, client).decision !== 'accept') throw new Error(`${which} refused the connection at ${size} rules`);
  }
  const samples = new Map<string, number[]>();
  const add = (key: string, value: number) => samples.set(key, [...(samples.get(key) ?? []), value]);
  // The index is built once per snapshot: its first decision after a change pays this.
  const { AddressIndex } = await import(join(trees.new, 'relay-service/src/policy/address-index.ts')) as typeof import('../../relay-service/src/policy/address-index.ts');
  for (let round = 0; round < rounds; round += 1) {
    for (const size of sizes) {
      const config = configs.get(size)!;
      const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
      for (const which of order) {
        add(`rcpt|${which}|${size}`, batch(() => code[which].decideRelay(config, input)));
        add(`conn|${which}|${size}`, batch(() => code[which].decideConnection(config, client)));
      }
      const started = performance.now();
      AddressIndex.of(config.relayRules);
      add(`build|new|${size}`, performance.now() - started);
    }
    log(`micro round ${round + 1}/${rounds} done`);
  }
  const m = (key: string) => median(samples.get(key) ?? []);
  const lines = ['| rules per list | RCPT: old scan (µs) | RCPT: index (µs) | connection: old scan (µs) | connection: index (µs) | index build (ms) |', '|---|---|---|---|---|---|'];
  for (const size of sizes) {
    lines.push(`| ${size.toLocaleString('en')} | ${us(m(`rcpt|old|${size}`))} | ${us(m(`rcpt|new|${size}`))} | ${us(m(`conn|old|${size}`))} | ${us(m(`conn|new|${size}`))} | ${fmt(m(`build|new|${size}`))} |`);
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const ratio = (kind: string, which: string) => (m(`${kind}|${which}|${large}`) / m(`${kind}|${which}|${small}`)).toFixed(2);
  lines.push('', `Ratio ${large.toLocaleString('en')} vs ${small} rules: RCPT old ${ratio('rcpt', 'old')}x, index ${ratio('rcpt', 'new')}x; ` +
    `connection old ${ratio('conn', 'old')}x, index ${ratio('conn', 'new')}x.`);
  return lines.join('\n');
}

/** One SMTP session: the greeting time, then EHLO, MAIL and `rcpts` timed RCPTs, all of which must be accepted. */
async function session(port: number): Promise<{ greeting: number; rcpt: number[] }> {
  const { probe, greeting } = await SmtpProbe.open(port);
  try {
    if (greeting.code !== 220) throw new Error(`greeting ${greeting.code}`);
    await probe.command('EHLO bench.test');
    await probe.command('MAIL FROM:<sender@bench.test>');
    const rcpt: number[] = [];
    for (let i = 0; i < rcpts; i += 1) {
      const reply = await probe.command(`RCPT TO:<r${i}@elsewhere.test>`);
      if (reply.code !== 250) throw new Error(`RCPT ${reply.code}`);
      rcpt.push(reply.ms);
    }
    return { greeting: greeting.ms, rcpt };
  } finally {
    await probe.close();
  }
}

/** One virtual server per size on each relay, its lists made through the API. Returns the SMTP port by relay and size. */
async function configure(relay: BenchRelay): Promise<Map<number, number>> {
  const { freePort } = await import('../../test/support/free-port.ts');
  const ports = new Map<number, number>();
  for (const size of sizes) {
    const port = await freePort();
    const created = await relay.api('POST', '/v1/virtual-servers', { name: `rules-${size}`, port, limits: { max_connections: 1000 } });
    if (created.status !== 201) throw new Error(`create virtual server: ${created.status} ${created.text}`);
    const started = performance.now();
    if (load === 'store') {
      await relay.offline(async (dataDir) => {
        await loadRules(relay.tree, dataDir, created.body.id, 'relay-rules', relayRules(size, false));
        await loadRules(relay.tree, dataDir, created.body.id, 'connection-rules', connectionRules(size, false));
      });
    } else {
      await createRules(relay.api, created.body.id, 'relay-rules', relayRules(size, false));
      await createRules(relay.api, created.body.id, 'connection-rules', connectionRules(size, false));
    }
    log(`${relay.label}: ${size} + ${size} rules created (${load === 'store' ? 'straight in the store' : 'through the API'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    ports.set(size, port);
  }
  // Listeners start from the change events; wait until each server answers.
  for (const port of ports.values()) {
    for (let tries = 0; ; tries += 1) {
      const ok = await session(port).then(() => true, () => false);
      if (ok) break;
      if (tries > 100) throw new Error(`virtual server on port ${port} never answered`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return ports;
}

async function e2e(relays: BenchRelay[], ports: Map<string, Map<number, number>>): Promise<string> {
  const samples = new Map<string, { greeting: number[]; rcpt: number[] }>();
  for (let round = 0; round < rounds; round += 1) {
    for (const size of sizes) {
      const order = round % 2 === 0 ? relays : [...relays].reverse();
      for (const relay of order) {
        const key = `${relay.label}|${size}`;
        const into = samples.get(key) ?? { greeting: [], rcpt: [] };
        samples.set(key, into);
        for (let c = 0; c < conns; c += 1) {
          const result = await session(ports.get(relay.label)!.get(size)!);
          into.greeting.push(result.greeting);
          into.rcpt.push(...result.rcpt);
        }
      }
    }
    log(`e2e round ${round + 1}/${rounds} done`);
  }
  const lines = ['| rules per list | relay | RCPT p50 (ms) | RCPT p95 (ms) | connect to greeting p50 (ms) | p95 (ms) | samples (RCPT / connections) |', '|---|---|---|---|---|---|---|'];
  for (const size of sizes) for (const relay of relays) {
    const s = samples.get(`${relay.label}|${size}`)!;
    lines.push(`| ${size.toLocaleString('en')} | ${relay.label} | ${fmt(median(s.rcpt))} | ${fmt(quantile(s.rcpt, 0.95))} | ${fmt(median(s.greeting))} | ${fmt(quantile(s.greeting, 0.95))} | ${s.rcpt.length} / ${s.greeting.length} |`);
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  for (const relay of relays) {
    const at = (size: number) => samples.get(`${relay.label}|${size}`)!;
    lines.push('', `${relay.label}: ${large.toLocaleString('en')} vs ${small} rules: RCPT p50 ${(median(at(large).rcpt) / median(at(small).rcpt)).toFixed(2)}x, ` +
      `connect p50 ${(median(at(large).greeting) / median(at(small).greeting)).toFixed(2)}x.`);
  }
  return lines.join('\n');
}

/** Polls with fresh sessions from `from` until an RCPT is accepted; resolves with the time since `since`. */
async function obeyed(port: number, from: string, since: number): Promise<number> {
  for (;;) {
    const { probe } = await SmtpProbe.open(port, from);
    try {
      await probe.command('EHLO bench.test');
      await probe.command('MAIL FROM:<sender@bench.test>');
      if ((await probe.command('RCPT TO:<new@elsewhere.test>')).code === 250) return performance.now() - since;
    } finally {
      await probe.close();
    }
    if (performance.now() - since > 60_000) throw new Error(`a rule for ${from} was not obeyed within 60 s`);
  }
}

async function writesAt(relays: BenchRelay[], ports: Map<string, Map<number, number>>, size: number): Promise<string[]> {
  const servers = new Map<string, string>();
  for (const relay of relays) {
    const list = await relay.api('GET', '/v1/virtual-servers');
    servers.set(relay.label, (list.body.items as Array<{ id: string; name: string }>).find((vs) => vs.name === `rules-${size}`)!.id);
  }
  // One client loops sessions against the relay being written to (only that one: the other relay's load would be noise).
  let active = null as BenchRelay | null;
  let stop = false;
  // Sessions the background client completed against each relay during its writes: a relay that answers sooner serves
  // more of them, and its writes then share the CPU with more sessions.
  const served = new Map<string, number>(relays.map((r) => [r.label, 0]));
  let writing = false;
  const background = (async () => {
    while (!stop) {
      const relay = active;
      if (!relay) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const ok = await session(ports.get(relay.label)!.get(size)!).then(() => true, () => false);
      if (ok && writing) served.set(relay.label, served.get(relay.label)! + 1);
    }
  })();
  const latency = new Map<string, number[]>(relays.map((r) => [r.label, []]));
  const obey = new Map<string, number[]>(relays.map((r) => [r.label, []]));
  try {
    for (let done = 0, round = 0; done < writes; done += 10, round += 1) {
      for (const relay of round % 2 === 0 ? relays : [...relays].reverse()) {
        active = relay;
        writing = true;
        for (let i = 0; i < Math.min(10, writes - done); i += 1) {
          writeAddress += 1;
          const started = performance.now();
          const result = await relay.api('POST', `/v1/virtual-servers/${servers.get(relay.label)}/relay-rules`, { ip_address: `203.0.${writeAddress >> 8 & 255}.${writeAddress & 255}` });
          latency.get(relay.label)!.push(performance.now() - started);
          if (result.status !== 201) throw new Error(`POST relay rule: ${result.status} ${result.text}`);
        }
      }
    }
    writing = false;
    for (let k = 0; k < obeys; k += 1) {
      for (const relay of k % 2 === 0 ? relays : [...relays].reverse()) {
        active = relay;
        obeyAddress += 1;
        const from = `127.${relay === relays[0] ? 1 : 2}.${obeyAddress >> 8 & 255}.${obeyAddress & 255}`;
        const started = performance.now();
        const result = await relay.api('POST', `/v1/virtual-servers/${servers.get(relay.label)}/relay-rules`, { ip_address: from });
        if (result.status !== 201) throw new Error(`POST relay rule: ${result.status} ${result.text}`);
        obey.get(relay.label)!.push(await obeyed(ports.get(relay.label)!.get(size)!, from, started));
      }
    }
  } finally {
    stop = true;
    await background;
  }
  return relays.map((relay) => {
    const l = latency.get(relay.label)!;
    const o = obey.get(relay.label)!;
    return `| ${relay.label} | ${size.toLocaleString('en')} relay + ${size.toLocaleString('en')} connection | ${fmt(median(l))} | ${fmt(quantile(l, 0.99))} | ${fmt(Math.max(...l))} | ${l.length} | ${served.get(relay.label)} (${(served.get(relay.label)! / (l.reduce((a, b) => a + b, 0) / 1000)).toFixed(1)}/s) | ${fmt(median(o))} | ${fmt(Math.max(...o))} | ${o.length} |`;
  });
}

let writeAddress = 0;
let obeyAddress = 0;

/** The writes part at the smallest and the largest size, so what grows with the rules shows apart from the fsync every write pays. */
async function writesPart(relays: BenchRelay[], ports: Map<string, Map<number, number>>): Promise<string> {
  const lines = ['| relay | existing rules | API write p50 (ms) | p99 (ms) | max (ms) | writes | background sessions during the writes (per s of writing) | obeyed after p50 (ms) | max (ms) | rules obeyed |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const size of new Set([sizes[0], sizes[sizes.length - 1]])) lines.push(...await writesAt(relays, ports, size));
  return lines.join('\n');
}

/** The costs part: one write's steps in process, both trees at the smallest and the largest size (bench/rules/write-costs.ts). */
async function costsPart(trees: Record<'old' | 'new', string>): Promise<string> {
  const lines = ['| code | existing rules | create p50 / p99 (ms) | of which commit p50 / p99 | refresh p50 / p99 | index p50 / p99 | refresh + index p50 / p99 | writes |', '|---|---|---|---|---|---|---|---|'];
  const both = (xs: number[]) => `${fmt(median(xs))} / ${fmt(quantile(xs, 0.99))}`;
  for (const [k, size] of [...new Set([sizes[0], sizes[sizes.length - 1]])].entries()) {
    for (const which of k % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
      const started = performance.now();
      const costs = await writeCosts(trees[which], size, writes);
      log(`costs: ${which} at ${size} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const label = which === 'old' ? oldLabel : newLabel;
      lines.push(`| ${label} | ${size.toLocaleString('en')} + ${size.toLocaleString('en')} | ${both(costs.map((c) => c.create))} | ${both(costs.map((c) => c.commit))} | ` +
        `${both(costs.map((c) => c.refresh))} | ${both(costs.map((c) => c.index))} | ${both(costs.map((c) => c.refresh + c.index))} | ${costs.length} |`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  // The old tree only for the parts that compare with it (plan measures this tree's provider and relay alone).
  const oldTree = parts.some((part) => ['micro', 'e2e', 'writes', 'costs'].includes(part)) ? exportTree(oldRef) : null;
  const relays: BenchRelay[] = [];
  const cleanup = async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    if (oldTree) rmSync(oldTree, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  try {
    const out: string[] = oldTree ? [`${oldLabel}: ${oldRef}; ${newLabel}: this tree. Sizes ${sizes.join(', ')}; ${rounds} rounds; rules loaded ${load === 'store' ? 'straight in the store' : 'through the API'}.`] : [];
    if (parts.includes('costs')) out.push('', '**Where one write\'s time goes** (in process, SQLite, each code\'s own service layer, store, reader and index)', '', await costsPart({ old: oldTree!, new: repoRoot }));
    if (parts.includes('micro')) out.push('', '**Microbenchmark** (policy functions, one process)', '', await micro({ old: oldTree!, new: repoRoot }));
    if (parts.includes('e2e') || parts.includes('writes')) {
      relays.push(await startRelay(oldLabel, oldTree!), await startRelay(newLabel, repoRoot));
      const ports = new Map<string, Map<number, number>>();
      // Both relays are configured at once: creating the rules through the API is most of the run's time.
      await Promise.all(relays.map(async (relay) => ports.set(relay.label, await configure(relay))));
      if (parts.includes('e2e')) out.push('', `**End to end** (relay processes: ${oldLabel} PID ${relays[0].pid}, ${newLabel} PID ${relays[1].pid}; ${conns} connections x ${rcpts} RCPT per relay, size and round)`, '', await e2e(relays, ports));
      if (parts.includes('writes')) out.push('', '**One more rule** (API write latency, and time until the listener obeys it)', '', await writesPart(relays, ports));
    }
    if (parts.includes('plan')) {
      const relay = await startRelay('plan', repoRoot);
      relays.push(relay);
      out.push('', `**terraform plan of N relay rules** (relay PID ${relay.pid}, this tree)`, '', await planPart(relay, log));
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
