// Bulk operations of thousands through the operator CLI: 5000 deferred messages retried (progress on stderr, the count on stdout), then deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { runCli } from './run-cli.ts';

const messages = 5000;
let relay: TestRelay;
let sink: SmtpSink;
let smtpPort: number;
let bulkRcpts = 0;

before(async () => {
  sink = await startSmtpSink({
    rcptReply: (address) => {
      if (!address.endsWith('@bulk.example')) return null;
      bulkRcpts += 1;
      return '451 4.3.0 try again later';
    },
  });
  relay = await startTestRelay({ mode: 'child-process' });
  smtpPort = await freePort();
  const vs = await relayOperator(relay.api).createServer({
    name: 'bulk', port: smtpPort, limits: { max_messages_per_connection: 1000 },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [60] },
  });
  await relayOperator(relay.api).addRule('relay-rules', vs.id, { cidr: '127.0.0.0/8' });
  await waitForListener(smtpPort, '127.0.0.1', 15_000);
});

after(async () => {
  await relay?.dispose();
  await sink?.stop();
});

/** Polls the API until `count` messages for bulk.example are deferred (each had its first attempt). */
async function deferredCount(count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const total = (await relay.api('GET', '/v1/queue?state=deferred&recipient_domain=bulk.example&limit=1')).body.total;
    if (total >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${total} of ${count} deferred after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test(`queue retry --all of ${messages} deferred messages: pages of 1000 with progress on stderr; each is attempted again; then deleted in bulk`, { timeout: 600_000 }, async (t) => {
  // Seeded over SMTP: 40 pooled connections (their enqueues share group commits), two recipients per message.
  const seedStart = Date.now();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 40, maxMessages: 1000 });
  try {
    await Promise.all(Array.from({ length: messages }, (_, i) => transport.sendMail({
      envelope: { from: 'ops@sender.example', to: [`a${i}@bulk.example`, `b${i}@bulk.example`] },
      raw: `From: ops@sender.example\r\nTo: a${i}@bulk.example\r\nSubject: bulk ${i}\r\n\r\nmessage ${i}\r\n`,
    })));
  } finally {
    transport.close();
  }
  const seeded = Date.now();
  await deferredCount(messages, 300_000);
  const firstRound = bulkRcpts;
  assert.ok(firstRound >= messages * 2, `every message had its first attempt (${firstRound} RCPTs)`);
  t.diagnostic(`seeding ${messages} messages over SMTP: ${seeded - seedStart} ms; their first attempts until all deferred: ${Date.now() - seeded} ms`);

  const retryStart = Date.now();
  const retry = await runCli(['queue', 'retry', '--all', '--domain', 'bulk.example', '--output', 'json'],
    { env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 120_000 });
  const retryMs = Date.now() - retryStart;
  assert.equal(retry.status, 0, retry.stderr);
  assert.deepEqual(retry.json(), { retried: messages }, 'the count on stdout, nothing else');
  assert.deepEqual(retry.stderr.trim().split('\n'), ['1000', '2000', '3000', '4000', '5000'].map((n) => `retried ${n}/${messages}`));
  t.diagnostic(`smtp-relay queue retry --all (${messages} messages, 5 API pages, process start included): ${retryMs} ms`);

  // Every message is attempted again: the sink sees each recipient a second time, and the API counts a second attempt.
  const deadline = Date.now() + 300_000;
  while (bulkRcpts < firstRound + messages * 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  assert.ok(bulkRcpts >= firstRound + messages * 2, `second round: ${bulkRcpts - firstRound} RCPTs`);
  t.diagnostic(`their second attempts until all deferred again: ${Date.now() - retryStart - retryMs} ms`);
  await deferredCount(messages, 60_000);
  const listed = await runCli(['queue', 'ls', '--recipient-domain', 'bulk.example', '--output', 'json'],
    { env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 120_000 });
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(listed.json().items.length, messages);
  assert.equal(new Set(listed.json().items.map((m: { id: string }) => m.id)).size, messages, 'five pages, no message twice');
  assert.ok(listed.json().items.every((m: { attempts: number }) => m.attempts >= 2), 'each message was attempted twice');

  const deleteStart = Date.now();
  const removed = await runCli(['queue', 'delete', '--all-deferred', '--domain', 'bulk.example', '--yes', '--output', 'json'],
    { env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 120_000 });
  assert.equal(removed.status, 0, removed.stderr);
  assert.deepEqual(removed.json(), { deleted: messages });
  assert.match(removed.stderr, /^deleted 1000\/5000\n[\s\S]*^deleted 5000\/5000$/m);
  t.diagnostic(`smtp-relay queue delete --all-deferred (${messages} messages): ${Date.now() - deleteStart} ms`);
  assert.equal((await relay.api('GET', '/v1/queue')).body.total, 0);
});
