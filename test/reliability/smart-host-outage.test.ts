// The smart host is down for a while, then back: the queue grows, retries follow the schedule without spinning,
// and everything is delivered once it returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { cpuSeconds } from './process-cpu.ts';
import { reliabilitySize } from './reliability-size.ts';
import { startRelayUnderTest } from './relay-under-test.ts';
import { runLoad } from './smtp-load.ts';

const size = reliabilitySize();
/** delivery.retry_intervals_minutes of the test server: one retry every 3 s. */
const retryMinutes = 0.05;
const retryMs = retryMinutes * 60_000;

test(`smart host down ${size.outageMs / 1000} s with ${size.outageMessages} messages queued: retried on schedule, idle CPU, all delivered after`, { timeout: size.name === 'soak' ? 600_000 : 90_000 }, async (t) => {
  const sinkPort = await freePort();
  const r = await startRelayUnderTest(t, { smartHostPort: sinkPort, retryIntervalsMinutes: [retryMinutes] });

  const outageStart = Date.now();
  const tally = await runLoad({ port: r.smtpPort, total: size.outageMessages, concurrency: 4, tag: 'outage', recipient: 'rcpt@far.test', timeoutMs: 60_000 });
  assert.equal(tally.accepted.length, size.outageMessages);
  // The queue grows: every message is deferred with the connection error as last_error.
  let queued = await r.queue();
  for (let i = 0; i < 100 && queued.filter((m) => m.state === 'deferred').length < size.outageMessages; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    queued = await r.queue();
  }
  assert.equal(queued.length, size.outageMessages, 'every accepted message is in the queue');
  assert.ok(queued.every((m) => m.state === 'deferred' && /ECONNREFUSED/.test(m.last_error ?? '')), JSON.stringify(queued[0]));

  // While it waits, the relay sleeps until the next retry is due: CPU stays low.
  const cpuBefore = cpuSeconds(r.relay.pid);
  const windowStart = Date.now();
  const remaining = Math.max(size.outageMs - (windowStart - outageStart), 2 * retryMs);
  await new Promise((resolve) => setTimeout(resolve, remaining));
  const cpuUsed = cpuSeconds(r.relay.pid) - cpuBefore;
  const waitedMs = Date.now() - windowStart;
  const cpuShare = cpuUsed / (waitedMs / 1000);

  // Retries followed the schedule: about one attempt per interval since each message's first attempt, not more.
  queued = await r.queue();
  const outageMs = Date.now() - outageStart;
  const attempts = queued.map((m) => m.attempts);
  const maxAllowed = Math.floor(outageMs / retryMs) + 2;
  const now = Date.now();
  for (const m of queued) {
    assert.equal(m.state, 'deferred');
    assert.ok(m.attempts >= 2 && m.attempts <= maxAllowed, `message ${m.id}: ${m.attempts} attempts in ${outageMs} ms, expected 2..${maxAllowed}`);
    const dueIn = Date.parse(m.next_attempt_at) - now;
    assert.ok(dueIn <= retryMs + 1_000, `message ${m.id} due in ${dueIn} ms, expected at most one interval (${retryMs} ms)`);
  }
  t.diagnostic(`outage ${outageMs} ms, ${queued.length} queued, attempts per message ${Math.min(...attempts)}..${Math.max(...attempts)} (schedule allows ${maxAllowed})`);
  t.diagnostic(`relay CPU while waiting: ${cpuUsed.toFixed(2)} s in ${(waitedMs / 1000).toFixed(1)} s = ${(cpuShare * 100).toFixed(1)}% of one core`);
  assert.ok(cpuShare < 0.2, `the relay used ${(cpuShare * 100).toFixed(1)}% of a core while only waiting for retries`);

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
});
