// The smart host is down for a while, then back: the queue grows, retries follow the schedule, the relay sleeps
// (no busy loop) between rounds, and everything is delivered once it returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { cpuSeconds } from './process-cpu.ts';
import { reliabilitySize } from './reliability-size.ts';
import { relayUnderTest } from './relay-under-test.ts';
import { runLoad } from './smtp-load.ts';

const size = reliabilitySize();
const retryMs = size.outageRetryMinutes * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(`smart host down ${size.outageMs / 1000} s with ${size.outageMessages} messages queued: retried every ${retryMs / 1000} s, idle CPU between rounds, all delivered after`, { timeout: size.name === 'soak' ? 600_000 : 120_000 }, async (t) => {
  const sinkPort = await freePort();
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const r = await relayUnderTest(relay, { smartHostPort: sinkPort, retryIntervalsMinutes: [size.outageRetryMinutes] });
  const pid = r.relay.pid;

  const outageStart = Date.now();
  const cpuAtStart = cpuSeconds(pid);
  const tally = await runLoad({ port: r.smtpPort, total: size.outageMessages, concurrency: 4, tag: 'outage', recipient: 'rcpt@far.test', timeoutMs: 60_000 });
  assert.equal(tally.accepted.length, size.outageMessages);
  // The queue grows: every message is tried once and deferred with the connection error as last_error.
  let queued = await r.queue();
  for (let i = 0; i < 200 && queued.filter((m) => m.attempts >= 1).length < size.outageMessages; i++) {
    await sleep(50);
    queued = await r.queue();
  }
  assert.equal(queued.length, size.outageMessages, 'every accepted message is in the queue');
  assert.ok(queued.every((m) => m.state === 'deferred' && /ECONNREFUSED/.test(m.last_error ?? '')), JSON.stringify(queued[0]));

  // Between the first round and the second nothing is due: the relay must sleep, not poll.
  const nextDue = Math.min(...queued.map((m) => Date.parse(m.next_attempt_at)));
  const quietMs = nextDue - Date.now() - 300;
  assert.ok(quietMs >= 1_000, `a quiet gap of ${quietMs} ms before the next round (accepting took too long?)`);
  const quietCpuBefore = cpuSeconds(pid);
  await sleep(quietMs);
  const quietCpu = cpuSeconds(pid) - quietCpuBefore;
  const quietShare = quietCpu / (quietMs / 1000);

  await sleep(Math.max(0, outageStart + size.outageMs - Date.now()));
  const outageCpu = cpuSeconds(pid) - cpuAtStart;
  queued = await r.queue();
  const outageMs = Date.now() - outageStart;
  // Retries followed the schedule: one attempt per interval since each message's first attempt, not more.
  const attempts = queued.map((m) => m.attempts);
  const maxAllowed = Math.floor(outageMs / retryMs) + 1;
  const now = Date.now();
  for (const m of queued) {
    assert.equal(m.state, 'deferred');
    assert.ok(m.attempts >= 2 && m.attempts <= maxAllowed, `message ${m.id}: ${m.attempts} attempts in ${outageMs} ms, expected 2..${maxAllowed}`);
    const dueIn = Date.parse(m.next_attempt_at) - now;
    assert.ok(dueIn <= retryMs + 1_000, `message ${m.id} due in ${dueIn} ms, expected at most one interval (${retryMs} ms)`);
  }
  const total = attempts.reduce((a, b) => a + b, 0);
  t.diagnostic(`outage ${outageMs} ms, ${queued.length} queued, attempts per message ${Math.min(...attempts)}..${Math.max(...attempts)} (schedule allows ${maxAllowed})`);
  t.diagnostic(`relay CPU between rounds: ${quietCpu.toFixed(2)} s in ${(quietMs / 1000).toFixed(1)} s = ${(quietShare * 100).toFixed(1)}% of one core; ` +
    `whole outage (accepting ${size.outageMessages} and ${total} attempts): ${outageCpu.toFixed(2)} s in ${(outageMs / 1000).toFixed(1)} s`);
  assert.ok(quietShare < 0.05, `the relay used ${(quietShare * 100).toFixed(1)}% of a core while nothing was due`);

  // The smart host returns on the same port: delivered at the next scheduled attempt, every message once.
  const sink = await startSmtpSink({ port: sinkPort });
  t.after(() => sink.stop());
  const back = Date.now();
  await sink.waitFor(size.outageMessages, retryMs + 30_000);
  const drainMs = Date.now() - back;
  await r.queueEmpty(10_000);
  const delivered = new Set(sink.messages.map((m) => m.messageId));
  assert.deepEqual(tally.accepted.filter((id) => !delivered.has(id)), [], 'every accepted message was delivered');
  t.diagnostic(`smart host back: all ${size.outageMessages} delivered ${drainMs} ms later, ${sink.messages.length - delivered.size} duplicates`);
  assert.equal(sink.messages.length, delivered.size, 'no message delivered twice');
  assert.equal(r.relay.pid, pid);
});
