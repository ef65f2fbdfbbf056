// Rate limits configured but not reached against no limits: messages per second through one relay build, same run.
//
// Usage: npm run bench:rate-limits     (= node --import tsx bench/rate-limits/run.ts)
// Knobs (environment): ROUNDS=6, MESSAGES=1000 per (server, round), CONCURRENCY=8 client connections, WARMUP=300 messages
// per server before the first round, RELAY_CODE=built (or sources), DATABASE_URL=postgres://... (default: SQLite).
//
// One relay (`smtp-relay serve`, the production build in a child process) with two virtual servers that differ only in
// their limits: `unlimited` (the defaults: no rate limit, no per-IP connection limit) and `limited` (every rate limit
// and max_connections_per_ip set, far above what the run reaches). Each message is 1 KB to a local domain (stored durably
// as a drop file before the 250), sent by CONCURRENCY persistent connections from 127.0.0.1. Rounds alternate which server
// goes first. Per message the limited server takes the counters twice (MAIL: client IP + sender domain; RCPT: the same);
// the account limits are configured but anonymous clients skip them. Before that, the counters alone: TAKES takes of two
// keys each (memory: a single-process relay's; SQLite: a temp rate-counters file, as worker processes share it;
// DATABASE_URL: that database), mean µs per take. WORKERS=N runs the relay with N worker processes (the SQLite file).
// Prints Markdown on stdout, progress on stderr.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresRateCounterStore } from '../../relay-service/src/store/postgres/rate-counter-store.ts';
import type { RateCounterStore } from '../../relay-service/src/store/rate-counter-store.ts';
import { SqliteRateCounterStore } from '../../relay-service/src/store/sqlite/rate-counter-store.ts';
import { MemoryRateCounterStore } from '../../relay-service/src/store/memory-rate-counter-store.ts';
import { freePort } from '../../test/support/free-port.ts';
import { startTestRelay, type TestRelay } from '../../test/support/test-relay.ts';
import { SmtpDialog } from '../../test/data-plane/smtp-dialog.ts';
import { waitForListener } from '../../test/data-plane/wait-for-listener.ts';
import { knob, numberKnob } from '../knobs.ts';

const rounds = numberKnob('ROUNDS', 6);
const messages = numberKnob('MESSAGES', 1000);
const concurrency = numberKnob('CONCURRENCY', 8);
const warmup = numberKnob('WARMUP', 300);
const code = knob('RELAY_CODE', 'built') as 'built' | 'sources';
const databaseUrl = process.env.DATABASE_URL;
const takes = numberKnob('TAKES', 20_000);
const workers = numberKnob('WORKERS', 0);
// CONTROL=1: the second server gets no limits either (an A/A run: the difference two identical servers show).
const control = knob('CONTROL', '0') === '1';
const log = (line: string) => process.stderr.write(`bench:rate-limits: ${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const body = `Subject: rate limit bench\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(13).slice(0, 1024);
const limited = {
  rate_limits: {
    messages_per_minute_per_client_ip: 1_000_000, recipients_per_minute_per_client_ip: 10_000_000,
    messages_per_minute_per_account: 1_000_000, recipients_per_minute_per_account: 10_000_000,
    messages_per_minute_per_sender_domain: 1_000_000, recipients_per_minute_per_sender_domain: 10_000_000,
  },
  limits: { max_connections: 1000, max_messages_per_connection: 100_000, max_connections_per_ip: 100_000 },
};
const unlimited = { limits: { max_connections: 1000, max_messages_per_connection: 100_000 } };

async function server(relay: TestRelay, name: string, fields: object): Promise<number> {
  const port = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', { name, port, local_domains: ['bench.test'], ...fields });
  if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${created.text}`);
  await waitForListener(port, '127.0.0.1', 30_000);
  return port;
}

/** Sends `count` messages over `concurrency` connections (opened first, not timed); returns messages per second. */
async function send(port: number, count: number): Promise<number> {
  const dialogs = await Promise.all(Array.from({ length: concurrency }, async () => {
    const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port);
    if (greeting.code !== 220) throw new Error(`greeting: ${greeting.line}`);
    await dialog.command('EHLO bench.test');
    return dialog;
  }));
  let next = 0;
  const started = performance.now();
  await Promise.all(dialogs.map(async (dialog) => {
    while (next < count) {
      next += 1;
      for (const [line, want] of [['MAIL FROM:<load@sender.test>', 250], ['RCPT TO:<r@bench.test>', 250], ['DATA', 354]] as const) {
        const reply = await dialog.command(line);
        if (reply.code !== want) throw new Error(`${line}: ${reply.line}`);
      }
      const reply = await dialog.send(`${body}\r\n.\r\n`);
      if (reply.code !== 250) throw new Error(`end of DATA: ${reply.line}`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  dialogs.forEach((d) => d.close());
  return count / seconds;
}

/**
 * Mean µs of one take of two keys (like one MAIL or RCPT with the client IP and sender domain limits), one after another,
 * on the counters of a single-process relay (memory), of worker processes (the SQLite file) or of nodes (PostgreSQL).
 */
async function counterCost(kind: 'memory' | 'sqlite' | 'postgres'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rate-counters-'));
  const store: RateCounterStore = kind === 'postgres' ? await PostgresRateCounterStore.open(databaseUrl!)
    : kind === 'sqlite' ? SqliteRateCounterStore.open(join(dir, 'rate-counters.sqlite')) : new MemoryRateCounterStore();
  try {
    const window = Math.floor(Date.now() / 60_000);
    for (let i = 0; i < 500; i += 1) await store.take(window, [{ key: `warm ${i % 50}`, limit: 1e9 }, { key: 'warm domain', limit: 1e9 }]);
    const started = performance.now();
    for (let i = 0; i < takes; i += 1) await store.take(window, [{ key: `bench ip ${i % 50}`, limit: 1e9 }, { key: 'bench domain', limit: 1e9 }]);
    return ((performance.now() - started) * 1000) / takes;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const kinds = databaseUrl ? (['postgres'] as const) : (['memory', 'sqlite'] as const);
const perTake = new Map<string, number>();
for (const kind of kinds) {
  perTake.set(kind, await counterCost(kind));
  log(`counters (${kind}): ${perTake.get(kind)!.toFixed(1)} µs per take of two keys (${takes} takes)`);
}
const relay = await startTestRelay({ mode: 'child-process', code, databaseUrl, workers, startTimeoutMs: 60_000 });
try {
  const ports = { unlimited: await server(relay, 'unlimited', unlimited), limited: await server(relay, 'limited', control ? unlimited : limited) };
  log(`relay ${relay.pid} (${code}, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}); warming up with ${warmup} messages per server`);
  if (warmup > 0) for (const port of Object.values(ports)) await send(port, warmup);
  const rates: Record<'unlimited' | 'limited', number[]> = { unlimited: [], limited: [] };
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['unlimited', 'limited'] as const) : (['limited', 'unlimited'] as const);
    for (const which of order) rates[which].push(await send(ports[which], messages));
    ratios.push(rates.limited[round] / rates.unlimited[round]);
    log(`round ${round + 1}/${rounds}: unlimited ${rates.unlimited[round].toFixed(0)}/s, limited ${rates.limited[round].toFixed(0)}/s (${order.join(' first, ')} second)`);
  }
  const ratio = median(rates.limited) / median(rates.unlimited);
  console.log([
    `| | unlimited (msg/s) | limits configured, not reached (msg/s) | limited / unlimited |`,
    '|---|---|---|---|',
    ...rates.unlimited.map((u, i) => `| round ${i + 1} (${i % 2 === 0 ? 'unlimited' : 'limited'} first) | ${u.toFixed(0)} | ${rates.limited[i].toFixed(0)} | ${ratios[i].toFixed(3)} |`),
    `| **median** | **${median(rates.unlimited).toFixed(0)}** | **${median(rates.limited).toFixed(0)}** | **${ratio.toFixed(3)}** (per-round median ${median(ratios).toFixed(3)}) |`,
    '',
    `Counters alone, µs per take of two keys (${takes} takes one after another; a message takes twice): ` +
      `${[...perTake].map(([kind, cost]) => `${kind} ${cost.toFixed(1)}`).join(', ')} (the relay above uses ${databaseUrl ? 'postgres' : workers ? 'sqlite' : 'memory: one process'}).`,
    '',
    `${rounds} rounds x ${messages} messages of 1 KB per server, ${concurrency} connections, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${workers} workers, ` +
      `relay ${code}${control ? '; CONTROL=1: the "limited" server has no limits either (A/A)' : ''}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
  ].join('\n'));
} finally {
  await relay.dispose();
}
