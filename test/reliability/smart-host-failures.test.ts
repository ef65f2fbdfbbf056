// A misbehaving smart host, end to end through the relay process: 4xx then 5xx, 4xx until expiry, seconds per
// reply, and connections dropped in the middle of DATA. Retries and RFC 3464 reports as specified, an empty queue after.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../delivery/support/parse-report.ts';
import { startSmtpSink, type SunkMessage } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { relayUnderTest } from './relay-under-test.ts';
import { submit } from './smtp-submit.ts';

const SENDER = 'sender@client.test';

function report(dsn: SunkMessage) {
  const parsed = parseReport(dsn.raw);
  assert.match(parsed.contentType, /^multipart\/report;\s*report-type=delivery-status;/);
  const [, ...recipients] = parsed.statusBlocks;
  return { parsed, recipients };
}

// The three run at once: each has its own relay process and sink.
describe('a misbehaving smart host', { concurrency: true }, () => {
  test('4xx then 5xx: deferred and retried, then bounced to the sender; 4xx until expiry: bounced with 4.4.7', { timeout: 60_000 }, async (t) => {
    const tries = new Map<string, number>();
    const sink = await startSmtpSink({
      rcptReply: (address) => {
        const n = tries.get(address) ?? 0;
        tries.set(address, n + 1);
        if (address === 'doomed@far.test') return n < 2 ? '451 4.3.0 Mailbox busy, try later' : '550 5.1.1 No such user here';
        if (address === 'stuck@far.test') return '452 4.2.2 Mailbox full';
        return null;
      },
    });
    t.after(() => sink.stop());
    // 0.6 s between attempts; mail older than 0.002 h (7.2 s) expires.
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const r = await relayUnderTest(relay, { smartHostPort: sink.port, retryIntervalsMinutes: [0.01], expirationHours: 0.002 });
    const started = Date.now();
    assert.match((await submit(r.smtpPort, SENDER, ['ok@far.test', 'doomed@far.test'], 'mixed@client.test')).line, /^250 2\.0\.0 /);
    assert.match((await submit(r.smtpPort, SENDER, ['stuck@far.test'], 'stuck@client.test')).line, /^250 2\.0\.0 /);

    const reports = () => sink.messages.filter((m) => m.from === '');
    for (let i = 0; i < 300 && reports().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const [bounced, expired] = reports();
    assert.ok(bounced && expired, `two reports expected, got ${reports().length}`);
    assert.deepEqual(sink.messages.filter((m) => m.from === SENDER).map((m) => m.to), [['ok@far.test']], 'the good recipient got the mail once');

    const first = report(bounced);
    assert.deepEqual(bounced.to, [SENDER]);
    assert.equal(first.recipients.length, 1);
    assert.equal(first.recipients[0].get('final-recipient'), 'rfc822; doomed@far.test');
    assert.equal(first.recipients[0].get('action'), 'failed');
    assert.equal(first.recipients[0].get('status'), '5.1.1');
    assert.equal(first.recipients[0].get('diagnostic-code'), 'smtp; 550 5.1.1 No such user here');
    assert.equal(tries.get('doomed@far.test'), 3, 'two deferrals, then the permanent failure; never tried again after it');

    const second = report(expired);
    assert.deepEqual(expired.to, [SENDER]);
    assert.equal(second.recipients[0].get('final-recipient'), 'rfc822; stuck@far.test');
    assert.equal(second.recipients[0].get('action'), 'failed');
    assert.equal(second.recipients[0].get('status'), '4.4.7');
    const expiredAfter = Date.now() - started;
    assert.ok(expiredAfter >= 7_000, `given up after ${expiredAfter} ms, not before expiration_hours (7.2 s)`);
    const stuckTries = tries.get('stuck@far.test') ?? 0;
    assert.ok(stuckTries >= 5 && stuckTries <= 15, `${stuckTries} attempts in 7.2 s at 0.6 s intervals`);
    await r.queueEmpty(5_000);
    t.diagnostic(`doomed: 3 attempts; stuck: ${stuckTries} attempts, report after ${expiredAfter} ms`);
  });

  test('a smart host taking 2 s per reply: delivered once, no timeout, no duplicate', { timeout: 60_000 }, async (t) => {
    const sink = await startSmtpSink({ delayMs: 2_000 });
    t.after(() => sink.stop());
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const r = await relayUnderTest(relay, { smartHostPort: sink.port, retryIntervalsMinutes: [0.01] });
    const ids = Array.from({ length: 6 }, (_, i) => `slow-${i}@client.test`);
    for (const id of ids) assert.match((await submit(r.smtpPort, SENDER, [`r-${id}`], id)).line, /^250 /);
    const started = Date.now();
    await sink.waitFor(ids.length, 40_000);
    await r.queueEmpty(10_000);
    for (const id of ids) assert.equal(sink.countOf(id), 1, id);
    assert.equal(sink.messages.length, ids.length, 'no report, no duplicate');
    t.diagnostic(`${ids.length} messages through a 2 s-per-reply smart host in ${Date.now() - started} ms over ${sink.connections} connections`);
  });

  test('connections dropped in the middle of DATA: retried by the queue, each message delivered once, nothing bounced', { timeout: 60_000 }, async (t) => {
    const sink = await startSmtpSink({ dropFirstData: 4 });
    t.after(() => sink.stop());
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const r = await relayUnderTest(relay, { smartHostPort: sink.port, retryIntervalsMinutes: [0.01] });
    const ids = Array.from({ length: 3 }, (_, i) => `drop-${i}@client.test`);
    for (const id of ids) assert.match((await submit(r.smtpPort, SENDER, [`r-${id}`], id)).line, /^250 /);
    await sink.waitFor(ids.length, 20_000);
    await r.queueEmpty(10_000);
    for (const id of ids) assert.equal(sink.countOf(id), 1, id);
    assert.equal(sink.messages.length, ids.length, 'no report, no duplicate');
  });
});
