// kill -9 of the relay, several times at random moments of sustained load: every message answered 250 is delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../support/seeded-random.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { reliabilitySize } from './reliability-size.ts';
import { relayUnderTest } from './relay-under-test.ts';
import { runLoad } from './smtp-load.ts';

const size = reliabilitySize();

test(`kill -9 ${size.kills}x while ${size.messages} messages flow: nothing answered 250 is lost`, { timeout: size.name === 'soak' ? 1_800_000 : 240_000 }, async (t) => {
  // RELIABILITY_SEED repeats a failing run (the seed is printed below).
  const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const random = seededRandom(seed);
  // 20 ms per MAIL, RCPT and DATA reply: delivery lags behind acceptance, so hundreds of messages are queued or
  // being delivered when the kills come.
  const sink = await startSmtpSink({ delayMs: 20 });
  t.after(() => sink.stop());
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const r = await relayUnderTest(relay, { smartHostPort: sink.port, retryIntervalsMinutes: [0.01] });

  // Kill points: random counts of accepted messages, then a random extra 0-150 ms, so kills land in DATA, in the
  // enqueue's fsync, or between a delivery and its queue update; the next kill waits until the relay is healthy again.
  // The last quarter of the messages has no kill point: a kill is only set off by an acceptance after the one before
  // it finished, so a point near the end could see every remaining message accepted while the previous kill ran.
  const killAt = Array.from({ length: size.kills }, () => Math.floor((0.05 + 0.7 * random()) * size.messages)).sort((a, b) => a - b);
  const kills: Array<{ accepted: number; inQueue: number; downMs: number }> = [];
  let crash: Promise<void> = Promise.resolve();
  let crashing = false;
  const started = Date.now();
  const tally = await runLoad({
    port: r.smtpPort, total: size.messages, concurrency: size.concurrency, tag: `k${seed}`, recipient: 'rcpt@far.test',
    timeoutMs: size.name === 'soak' ? 1_500_000 : 180_000,
    onAccepted(accepted) {
      if (crashing || kills.length >= killAt.length || accepted < killAt[kills.length]) return;
      crashing = true;
      crash = (async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
        const kill = { accepted, inQueue: await r.queueDepth(), downMs: 0 };
        const down = Date.now();
        await r.relay.kill9();
        await r.relay.restart();
        kill.downMs = Date.now() - down;
        kills.push(kill);
      })().finally(() => { crashing = false; });
    },
  });
  await crash;
  const sendMs = Date.now() - started;

  // Wait until every accepted Message-ID arrived (bounded), then until the queue is empty.
  const accepted = new Set(tally.accepted);
  const counts = new Map<string, number>();
  const deadline = Date.now() + (size.name === 'soak' ? 300_000 : 60_000);
  let missing: string[];
  for (let seen = 0; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    for (; seen < sink.messages.length; seen++) {
      const id = sink.messages[seen].messageId ?? '(none)';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    missing = tally.accepted.filter((id) => !counts.has(id));
    if (missing.length === 0 || Date.now() > deadline) break;
  }
  if (missing.length === 0) await r.queueEmpty(30_000);

  const duplicated = [...counts].filter(([, n]) => n > 1);
  const extraCopies = duplicated.reduce((sum, [, n]) => sum + n - 1, 0);
  const unacknowledgedDelivered = tally.unacknowledged.filter((id) => counts.has(id)).length;
  const unknown = [...counts.keys()].filter((id) => !accepted.has(id) && !tally.unacknowledged.includes(id));
  t.diagnostic(`seed ${seed} (RELIABILITY_SEED to repeat), size ${size.name}`);
  t.diagnostic(`accepted ${tally.accepted.length}, delivered ${tally.accepted.length - missing.length}, lost ${missing.length}, ` +
    `duplicated ${duplicated.length} messages (${extraCopies} extra copies), sending took ${sendMs} ms`);
  t.diagnostic(`kills survived ${kills.length}: ${kills.map((k) => `at ${k.accepted} accepted (${k.inQueue} in the queue), down ${k.downMs} ms`).join('; ')}`);
  t.diagnostic(`transactions cut before the reply ${tally.unacknowledged.length} (${unacknowledgedDelivered} of them delivered anyway), ` +
    `4xx replies ${[...tally.refused].map(([line, n]) => `${n}x "${line}"`).join(', ') || 'none'}`);

  assert.equal(kills.length, size.kills, 'every planned kill happened');
  assert.deepEqual(missing, [], 'every message answered 250 reached the smart host');
  assert.deepEqual(unknown, [], 'the sink received nothing the clients did not send');
});
