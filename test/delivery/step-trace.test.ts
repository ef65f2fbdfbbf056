// SMTP_RELAY_STEP_TRACE: one JSON line per delivered message with its steps from connect to delivered, in order; event-loop delay lines; WAL fsync lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { testMessage } from './support/harness.ts';
import { deliveryE2e } from './support/relay-e2e.ts';

/** The order a message submitted on a new connection goes through the relay. */
const expectedOrder = ['connect', 'greeting_sent', 'ehlo_replied', 'mail_replied', 'rcpt_replied', 'data_354', 'data_received',
  'queue_committed', 'queue_synced', 'data_replied', 'delivery_started', 'outbound_send', 'outbound_replied', 'delivered'];

test('a traced relay writes each delivered message\'s steps in the order they happen, its fsync, and the event-loop delay', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relayform-step-trace-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'steps.jsonl');
  const relay = await startTestRelay({ mode: 'child-process', env: { SMTP_RELAY_STEP_TRACE: file } });
  let disposed = false;
  t.after(() => (disposed ? undefined : relay.dispose()));
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const e2e = deliveryE2e(relay);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, outbound_security: { authentication: 'anonymous', tls: false } } });
  const ids: string[] = [];
  for (const n of [1, 2]) ids.push(await e2e.submit(vs, 'app@client.test', [`r${n}@far.test`], testMessage('app@client.test', [`r${n}@far.test`], `trace-${n}@client.test`)));
  await sink.waitFor(2);
  // The line is written after the outcome is recorded, which follows the sink's reply; stopping the relay flushes it.
  await new Promise((r) => setTimeout(r, 200));
  await relay.dispose();
  disposed = true;

  const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const messages = lines.filter((line) => 'steps' in line) as Array<{ id: string; at: number; steps: Record<string, number> }>;
  assert.deepEqual(messages.map((m) => m.id).sort(), [...ids].sort(), 'one line per delivered message, under its queue id');
  for (const { steps } of messages) {
    const named = Object.keys(steps).filter((name) => expectedOrder.includes(name));
    assert.deepEqual(named, expectedOrder, `every step, in order: ${JSON.stringify(steps)}`);
    const times = expectedOrder.map((name) => steps[name]);
    assert.equal(times[0], 0, 'times count from the connect');
    assert.deepEqual(times, [...times].sort((a, b) => a - b), `times never go backwards: ${JSON.stringify(steps)}`);
  }
  // Each message's own fsync (before its 250) is a line of its own, on the same clock as the message's connect (`at`).
  const fsyncs = lines.filter((line) => line.event === 'fsync') as Array<{ at: number; ms: number; inline: boolean }>;
  for (const { id, at, steps } of messages) {
    // Times are rounded to the microsecond, hence the 2 us of slack.
    const own = fsyncs.filter((f) => f.at >= at + steps.queue_committed - 0.002 && f.at + f.ms <= at + steps.queue_synced + 0.002);
    assert.equal(own.length, 1, `message ${id}'s fsync lies between its commit and its synced step: ${JSON.stringify({ at, steps, fsyncs })}`);
    assert.ok(own[0].ms >= 0 && typeof own[0].inline === 'boolean', JSON.stringify(own[0]));
  }
  assert.ok(fsyncs.some((f) => !f.inline), `a delivery outcome's background fsync ran on the thread pool: ${JSON.stringify(fsyncs)}`);
  const delay = lines.find((line) => 'event_loop_delay_ms' in line) as { event_loop_delay_ms: { count: number; p50: number; max: number } } | undefined;
  assert.ok(delay, 'the stop writes an event-loop delay line');
  assert.ok(delay.event_loop_delay_ms.count > 0 && delay.event_loop_delay_ms.max >= delay.event_loop_delay_ms.p50, JSON.stringify(delay));
});
