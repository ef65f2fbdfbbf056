// The outbound side end to end: configure the real relay over its API, submit over SMTP, receive at real sinks.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { testMessage } from './support/harness.ts';
import { parseReport } from './support/parse-report.ts';
import { deliveryE2e, type E2eRelay } from './support/relay-e2e.ts';

let e2e: E2eRelay;
before(async () => {
  e2e = deliveryE2e(await startTestRelay());
});
after(() => e2e?.relay.dispose());

async function sink(t: TestContext, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  t.after(() => s.stop());
  return s;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const gone = (id: string) => until(`${id} to leave the queue`, async () => ((await e2e.queued(id)) === null ? true : undefined));
const anonymous = { authentication: 'anonymous', tls: false };
/** A sink certificate the relay can verify (the routes below name its CA in tls_ca_pem). */
const trusted = loopbackTls();

test('remote domain with its own host, basic AUTH and required STARTTLS; other domains via the smart host anonymously', async (t) => {
  const secure = await sink(t, { tls: trusted.tls, requireTls: true, auth: { username: 'out-a', password: 'pw-a', methods: ['PLAIN', 'LOGIN'] } });
  const fallback = await sink(t);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: fallback.port, outbound_security: anonymous } });
  await e2e.addRemoteDomain(vs.id, {
    name: 'secure.test', smart_host: '127.0.0.1', smart_host_port: secure.port,
    outbound_security: { authentication: 'basic', username: 'out-a', password_wo: 'pw-a', password_wo_version: 1, tls: true, tls_ca_pem: trusted.caPem },
  });
  const id = await e2e.submit(vs, 'app@client.test', ['bob@secure.test', 'carol@other.test'], testMessage('app@client.test', ['bob@secure.test'], 'e2e-route@client.test'));
  const [[a], [b]] = await Promise.all([secure.waitFor(1), fallback.waitFor(1)]);
  await gone(id);
  assert.deepEqual([a.to, a.secure, a.user, a.messageId], [['bob@secure.test'], true, 'out-a', 'e2e-route@client.test']);
  assert.deepEqual([b.to, b.user], [['carol@other.test'], null]);
  assert.match(a.raw.toString(), /^Received: from [^\r]*\r\n\s+by relay\.e2e\.test /m, 'the relay added its Received header');
  for (const delivered of [a, b]) {
    assert.equal(/^\s+by relay\.e2e\.test \(Relayform\) with \S+ id (\S+?);?\r$/m.exec(delivered.raw.toString())?.[1], id,
      'the Received id is the id of the 250 reply: one id traces the message');
  }
});

test('smart host with outbound basic AUTH over verified TLS, then switched to integrated (CRAM-MD5) through the API', async (t) => {
  const tlsSink = await sink(t, { tls: trusted.tls, requireTls: true, auth: { username: 'out-b', password: 'pw-b', methods: ['LOGIN'] } });
  const cramSink = await sink(t, { tls: trusted.tls, auth: { username: 'out-c', password: 'pw-c', methods: ['CRAM-MD5'] } });
  const vs = await e2e.createServer({
    delivery: {
      smart_host: '127.0.0.1', smart_host_port: tlsSink.port,
      outbound_security: { authentication: 'basic', username: 'out-b', password_wo: 'pw-b', password_wo_version: 1, tls: true, tls_ca_pem: trusted.caPem },
    },
  });
  await gone(await e2e.submit(vs, 'app@client.test', ['x@far.test'], testMessage('app@client.test', ['x@far.test'], 'e2e-basic@client.test')));
  assert.deepEqual([tlsSink.messages[0].secure, tlsSink.messages[0].user], [true, 'out-b']);

  const patched = await e2e.relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, {
    delivery: { smart_host_port: cramSink.port, outbound_security: { authentication: 'integrated', username: 'out-c', password_wo: 'pw-c', password_wo_version: 2, tls: false } },
    // tls_ca_pem stays from the first write: the merge patch keeps what it does not name.
  });
  assert.equal(patched.status, 200, patched.text);
  await gone(await e2e.submit(vs, 'app@client.test', ['y@far.test'], testMessage('app@client.test', ['y@far.test'], 'e2e-cram@client.test')));
  assert.deepEqual([cramSink.messages[0].user, cramSink.messages[0].messageId], ['out-c', 'e2e-cram@client.test']);
});

test('a 5xx bounces to the sender\'s domain as multipart/report with a copy to send_copy_to; the null sender gets none', async (t) => {
  const remote = await sink(t, { rcptReply: (address) => (address.startsWith('nobody@') ? '550 5.1.1 Recipient unknown' : null) });
  const senders = await sink(t);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: remote.port }, ndr: { send_copy_to: 'postmaster@sender.test' } });
  await e2e.addRemoteDomain(vs.id, { name: 'sender.test', smart_host: '127.0.0.1', smart_host_port: senders.port });
  await gone(await e2e.submit(vs, '', ['nobody@remote.test'], testMessage('', ['nobody@remote.test'], 'e2e-null@sender.test')));
  const id = await e2e.submit(vs, 'alice@sender.test', ['nobody@remote.test', 'ok@remote.test'], testMessage('alice@sender.test', ['nobody@remote.test'], 'e2e-5xx@sender.test'));
  const [dsn] = await senders.waitFor(1);
  await gone(id);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(senders.messages.length, 1, 'one report only: none for the null-sender message');
  assert.equal(dsn.from, '');
  assert.deepEqual(dsn.to, ['alice@sender.test', 'postmaster@sender.test']);
  const report = parseReport(dsn.raw);
  assert.match(report.contentType, /^multipart\/report; report-type=delivery-status/);
  const [perMessage, ...recipients] = report.statusBlocks;
  assert.equal(perMessage.get('reporting-mta'), 'dns; relay.e2e.test');
  assert.deepEqual(recipients.map((r) => [r.get('final-recipient'), r.get('action'), r.get('status')]), [['rfc822; nobody@remote.test', 'failed', '5.1.1']]);
  assert.match(report.parts[2].body, /e2e-5xx@sender\.test/);
  assert.deepEqual(remote.messages.map((m) => m.to), [['ok@remote.test']]);
});

test('TLS required towards a host without STARTTLS: deferred, then at expiry an NDR "TLS level mismatch" 5.7.4; nothing sent in clear', async (t) => {
  const plain = await sink(t);
  const senders = await sink(t);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: plain.port, retry_intervals_minutes: [0.005], expiration_hours: 0.0004 } });
  await e2e.addRemoteDomain(vs.id, { name: 'sender.test', smart_host: '127.0.0.1', smart_host_port: senders.port });
  await e2e.addRemoteDomain(vs.id, { name: '*.bank.test', require_tls: true });
  const id = await e2e.submit(vs, 'alice@sender.test', ['teller@eu.bank.test'], testMessage('alice@sender.test', ['teller@eu.bank.test'], 'e2e-tls@sender.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await gone(id);
  assert.equal(plain.messages.length, 0);
  const [, rcpt] = parseReport(dsn.raw).statusBlocks;
  assert.deepEqual([rcpt.get('final-recipient'), rcpt.get('status')], ['rfc822; teller@eu.bank.test', '5.7.4']);
  assert.match(rcpt.get('diagnostic-code') ?? '', /TLS level mismatch/);
});

test('sink down: deferred with last_error in /v1/queue; sink up: delivered on the next attempt 0.02 minutes later', async (t) => {
  const port = await freePort();
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: port, retry_intervals_minutes: [0.02] } });
  const id = await e2e.submit(vs, 'app@client.test', ['later@far.test'], testMessage('app@client.test', ['later@far.test'], 'e2e-retry@client.test'));
  const deferred = await until('a deferral', async () => {
    const m = await e2e.queued(id);
    return m && m.state === 'deferred' ? m : undefined;
  });
  assert.match(String(deferred.last_error), /ECONNREFUSED/);
  assert.equal(deferred.attempts, 1);
  const back = await sink(t, { port });
  const [got] = await back.waitFor(1, 5_000);
  await gone(id);
  assert.equal(back.countOf('e2e-retry@client.test'), 1);
  assert.equal(got.messageId, 'e2e-retry@client.test');
});

test('a message still undeliverable at expiration_hours bounces with 4.4.7', async (t) => {
  const port = await freePort();
  const senders = await sink(t);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: port, retry_intervals_minutes: [0.005], expiration_hours: 0.0004 } });
  await e2e.addRemoteDomain(vs.id, { name: 'sender.test', smart_host: '127.0.0.1', smart_host_port: senders.port });
  const id = await e2e.submit(vs, 'alice@sender.test', ['never@far.test'], testMessage('alice@sender.test', ['never@far.test'], 'e2e-expiry@sender.test'));
  const [dsn] = await senders.waitFor(1, 15_000);
  await gone(id);
  const [, rcpt] = parseReport(dsn.raw).statusBlocks;
  assert.deepEqual([rcpt.get('action'), rcpt.get('status')], ['failed', '4.4.7']);
});

test('200 messages submitted over 10 concurrent SMTP connections are each delivered exactly once', async (t) => {
  const target = await sink(t);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: target.port } });
  const total = 200;
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: vs.port, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: 20 });
    try {
      while (next < total) {
        const n = next++;
        await client.sendMail({ envelope: { from: 'bulk@client.test', to: [`r${n}@far.test`] }, raw: testMessage('bulk@client.test', [`r${n}@far.test`], `e2e-bulk-${n}@client.test`) });
      }
    } finally {
      client.close();
    }
  }));
  await target.waitFor(total, 30_000);
  await until('the queue to drain', async () => {
    const r = await e2e.relay.api('GET', `/v1/queue?virtual_server_id=${vs.id}`);
    return r.body.items.length === 0 ? true : undefined;
  });
  const ids = target.messages.map((m) => m.messageId);
  assert.equal(new Set(ids).size, total);
  assert.equal(ids.length, total, 'no duplicates');
  const metrics = await (await fetch(`${e2e.relay.apiUrl}/metrics`)).text();
  assert.match(metrics, new RegExp(`^smtp_delivered_total\\{virtual_server_id="${vs.id}"\\} ${total}$`, 'm'));
  assert.match(metrics, /^smtp_queue_messages\{state="fresh"\} 0$/m);
});
