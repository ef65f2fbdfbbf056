// Over real SMTP, the real relay in process and a real sink as smart host: mail that can be neither delivered nor
// returned lands in the dead-letter store (downloadable byte for byte), a notice goes to send_notice_to and a failing
// notice is not dead-lettered again, expiry of null-sender mail and damaged entries are kept too, and entries expire.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { VirtualServer } from '@relayform/schema/model.ts';
import type { DeadLetter } from '../../relay-service/src/store/queue-store.ts';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { deliveryE2e, type E2eRelay } from './support/relay-e2e.ts';

let e2e: E2eRelay;
let sink: SmtpSink;
/** Defers every recipient. */
let slowSink: SmtpSink;
/** Every RCPT TO the sink was asked, in order. */
const asked: string[] = [];
before(async () => {
  [e2e, sink] = await Promise.all([startTestRelay().then(deliveryE2e), startSmtpSink({
    // Anything at refuse.test, and the senders at bad.test, do not exist: their bounces fail too.
    rcptReply: (address) => {
      asked.push(address);
      return /@(refuse|bad)\.test$/.test(address) ? '550 5.1.1 no such mailbox' : null;
    },
  })]);
});
before(async () => { slowSink = await startSmtpSink({ rcptReply: () => '451 4.3.0 try again later' }); });
after(async () => { await Promise.all([e2e?.relay.dispose(), sink?.stop(), slowSink?.stop()]); });

const server = (deadLetter: Record<string, unknown> = {}) =>
  e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port }, dead_letter: deadLetter });

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const deadLetter = (id: string) => e2e.relay.api<DeadLetter>('GET', `/v1/dead-letters/${id}`).then((r) => (r.status === 200 ? r.body : null));
const deadLettersOf = (vs: VirtualServer) =>
  e2e.relay.api<{ items: DeadLetter[] }>('GET', `/v1/dead-letters?virtual_server_id=${vs.id}`).then((r) => r.body.items);

/** Submits with MAIL FROM:<> (a bounce from elsewhere, relayed) over a raw dialogue, so the exact bytes are known; returns the queue id. */
async function submitNullSender(vs: VirtualServer, rcpt: string, data: Buffer): Promise<string> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', vs.port);
  try {
    assert.equal((await dialog.command('EHLO client.test')).code, 250);
    assert.equal((await dialog.command('MAIL FROM:<>')).code, 250);
    assert.equal((await dialog.command(`RCPT TO:<${rcpt}>`)).code, 250);
    assert.equal((await dialog.command('DATA')).code, 354);
    const reply = await dialog.send(Buffer.concat([data, Buffer.from('.\r\n')]));
    assert.equal(reply.code, 250, reply.text);
    const id = /queued as (\S+)/.exec(reply.text)?.[1];
    assert.ok(id, reply.text);
    return id;
  } finally {
    await dialog.command('QUIT').catch(() => undefined);
    dialog.close();
  }
}

test('a null-sender message refused for good is kept, not dropped: listed, read, downloaded byte for byte as .eml, deleted', async () => {
  const vs = await server();
  const data = Buffer.from('From: MAILER-DAEMON@elsewhere.test\r\nTo: x@refuse.test\r\nSubject: a bounce\r\nMessage-ID: <dl-1@test>\r\n\r\nBinary-ish: \xe9\xff\r\n..dot-stuffed line\r\n', 'latin1');
  // Dot-stuffing on the wire: the relay stores the line with one dot.
  const accepted = Buffer.from(data.toString('latin1').replace('\r\n..dot', '\r\n.dot'), 'latin1');
  const id = await submitNullSender(vs, 'x@refuse.test', data);
  const dead = await until('the dead letter', () => deadLetter(id));
  assert.equal(await e2e.queued(id), null, 'no longer in the queue');
  assert.deepEqual([dead.virtual_server_id, dead.sender, dead.reason_class], [vs.id, '', 'null_sender_failed']);
  assert.deepEqual(dead.recipients.map((r) => [r.address, r.status]), [['x@refuse.test', 'failed']]);
  assert.match(dead.reason, /^x@refuse\.test: .*550 5\.1\.1 no such mailbox/);
  const retained = new Date(dead.expires_at).getTime() - new Date(dead.dead_at).getTime();
  assert.equal(retained, 168 * 3_600_000, 'kept a week by default');
  assert.ok(new Date(dead.received_at) <= new Date(dead.dead_at));
  assert.deepEqual((await deadLettersOf(vs)).map((d) => d.id), [id]);

  const download = await fetch(`${e2e.relay.apiUrl}/v1/dead-letters/${id}/message`, { headers: { authorization: `Bearer ${e2e.relay.token}` } });
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'message/rfc822');
  assert.equal(download.headers.get('content-disposition'), `attachment; filename="${id}.eml"`);
  const raw = Buffer.from(await download.arrayBuffer());
  assert.equal(dead.size, raw.length);
  // What the relay accepted: its own Received header (naming this id) followed by the client's bytes, unchanged.
  assert.match(raw.subarray(0, raw.indexOf('\r\n')).toString(), /^Received: /);
  assert.match(raw.toString('latin1'), new RegExp(`id ${id}`));
  assert.ok(raw.subarray(raw.length - accepted.length).equals(accepted), 'the client\'s bytes, byte for byte');

  const anonymous = await fetch(`${e2e.relay.apiUrl}/v1/dead-letters/${id}/message`);
  assert.equal(anonymous.status, 401);
  assert.equal((await e2e.relay.api('DELETE', `/v1/dead-letters/${id}`)).status, 204);
  assert.equal((await e2e.relay.api('GET', `/v1/dead-letters/${id}`)).status, 404);
  assert.equal((await e2e.relay.api('GET', `/v1/dead-letters/${id}/message`)).status, 404);
  assert.equal((await e2e.relay.api('DELETE', `/v1/dead-letters/${id}`)).status, 404);
});

test('a bounce that bounces: the original is returned, the report to a sender that does not exist is kept, with a notice to send_notice_to', async () => {
  const vs = await server({ send_notice_to: 'postmaster@ops.test' });
  const original = Buffer.from('From: ghost@bad.test\r\nTo: x@refuse.test\r\nSubject: doomed\r\nMessage-ID: <dl-2@test>\r\n\r\nHello.\r\n');
  const id = await e2e.submit(vs, 'ghost@bad.test', ['x@refuse.test'], original);
  const [dead] = await until('the report in the dead-letter store', async () => {
    const items = await deadLettersOf(vs);
    return items.length > 0 ? items : null;
  });
  assert.notEqual(dead.id, id, 'the dead letter is the report about the message, not the message');
  assert.equal(await e2e.queued(id), null);
  assert.deepEqual([dead.sender, dead.recipients.map((r) => r.address), dead.reason_class], ['', ['ghost@bad.test'], 'null_sender_failed']);
  assert.match(dead.reason, /ghost@bad\.test: .*550 5\.1\.1/);
  const report = (await (await fetch(`${e2e.relay.apiUrl}/v1/dead-letters/${dead.id}/message`, { headers: { authorization: `Bearer ${e2e.relay.token}` } })).text());
  assert.match(report, /multipart\/report; report-type=delivery-status/);
  assert.match(report, /Message-ID: <dl-2@test>/, 'the report returns the original header');

  const notice = await until('the notice', async () => sink.messages.find((m) => m.to.includes('postmaster@ops.test') && m.raw.includes(dead.id)));
  assert.equal(notice.from, '', 'sent with the null sender');
  assert.match(notice.raw.toString(), new RegExp(`Subject: Dead letter ${dead.id} kept on relay\\.e2e\\.test`));
  assert.doesNotMatch(notice.raw.toString(), /Hello\./, 'the notice carries no message content');
});

test('a notice that cannot be delivered is dropped, not dead-lettered again: one entry, nothing left queued', async () => {
  const vs = await server({ send_notice_to: 'nobody@refuse.test' });
  const id = await submitNullSender(vs, 'y@refuse.test', Buffer.from('Subject: once\r\n\r\nbody\r\n'));
  await until('the dead letter', () => deadLetter(id));
  // The notice was tried (its RCPT refused), then nothing more: no second entry, no notice about the notice.
  await until('the notice attempt', async () => (asked.includes('nobody@refuse.test') ? true : null));
  const queue = async () => (await e2e.relay.api<{ items: Array<{ virtual_server_id: string }> }>('GET', `/v1/queue?virtual_server_id=${vs.id}`)).body.items;
  await until('an empty queue', async () => ((await queue()).length === 0 ? true : null));
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual((await deadLettersOf(vs)).map((d) => d.id), [id]);
  assert.equal(asked.filter((a) => a === 'nobody@refuse.test').length, 1, 'the failing notice was tried once and not followed by another');
  assert.deepEqual(await queue(), []);
});

test('dead letters expire after dead_letter.retention_hours and are swept', async () => {
  const vs = await server({ retention_hours: 0.0005 });
  const id = await submitNullSender(vs, 'z@refuse.test', Buffer.from('Subject: short-lived\r\n\r\nbody\r\n'));
  const dead = await until('the dead letter', () => deadLetter(id));
  assert.equal(new Date(dead.expires_at).getTime() - new Date(dead.dead_at).getTime(), 1800);
  await until('the sweep', async () => ((await e2e.relay.api('GET', `/v1/dead-letters/${id}`)).status === 404 ? true : null), 20_000);
  assert.deepEqual(await deadLettersOf(vs), []);
  const metrics = await (await fetch(`${e2e.relay.apiUrl}/metrics`)).text();
  assert.match(metrics, /smtp_dead_lettered_total\{reason_class="null_sender_failed"\} [1-9]/);
});

test('the API reads the dead_letter defaults back and refuses bad values by path', async () => {
  const vs = await server();
  assert.deepEqual(vs.dead_letter, { retention_hours: 168, send_notice_to: null });
  const bad = await e2e.relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { dead_letter: { retention_hours: 0 } });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.text, /\$\.dead_letter\.retention_hours/);
  const badAddress = await e2e.relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { dead_letter: { send_notice_to: 'not an address' } });
  assert.equal(badAddress.status, 422, badAddress.text);
  assert.match(badAddress.text, /\$\.dead_letter\.send_notice_to/);
});

test('a null-sender message that expires while deferred is kept with reason class null_sender_expired', async () => {
  const vs = await e2e.createServer({
    delivery: { smart_host: '127.0.0.1', smart_host_port: slowSink.port, retry_intervals_minutes: [0.01], expiration_hours: 0.0005 },
  });
  const id = await submitNullSender(vs, 'w@slow.test', Buffer.from('Subject: patience\r\n\r\nbody\r\n'));
  const dead = await until('the expired dead letter', () => deadLetter(id), 20_000);
  assert.equal(dead.reason_class, 'null_sender_expired');
  assert.match(dead.reason, /^w@slow\.test: message expired after 0\.0005 hours in the queue; last error: .*451 4\.3\.0/);
  assert.deepEqual(dead.recipients.map((r) => r.status), ['failed']);
});

test('a queue entry whose data is missing is kept as unreadable (empty data) instead of being retried forever', async () => {
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: slowSink.port } });
  const id = await e2e.submit(vs, 'a@client.test', ['v@slow.test'], Buffer.from('Subject: damaged\r\n\r\nbody\r\n'));
  await until('the first deferral', async () => ((await e2e.queued(id))?.state === 'deferred' ? true : null));
  // Damage the entry as a broken disk or a hand edit would: the envelope without its data.
  const db = new Database(join(e2e.relay.dataDir, 'queue.sqlite'));
  try {
    assert.equal(db.prepare('DELETE FROM queue_data WHERE id = ?').run(id).changes, 1);
  } finally {
    db.close();
  }
  assert.equal((await e2e.relay.api('POST', `/v1/queue/${id}/retry`)).status, 202);
  const dead = await until('the unreadable dead letter', () => deadLetter(id));
  assert.equal(await e2e.queued(id), null);
  assert.deepEqual([dead.reason_class, dead.reason, dead.sender], ['unreadable', 'unreadable queue entry: the message data is missing', 'a@client.test']);
  const download = await fetch(`${e2e.relay.apiUrl}/v1/dead-letters/${id}/message`, { headers: { authorization: `Bearer ${e2e.relay.token}` } });
  assert.equal(download.status, 200);
  assert.equal((await download.arrayBuffer()).byteLength, 0);
});

test('a queue entry whose envelope is damaged is listed with the damage named, then kept as unreadable with its data instead of failing every claim', async () => {
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: slowSink.port } });
  const data = Buffer.from('Subject: mangled\r\n\r\nbody kept\r\n');
  const id = await e2e.submit(vs, 'a@client.test', ['u@slow.test'], data);
  await until('the first deferral', async () => ((await e2e.queued(id))?.state === 'deferred' ? true : null));
  const db = new Database(join(e2e.relay.dataDir, 'queue.sqlite'));
  try {
    assert.equal(db.prepare("UPDATE queue_messages SET recipients = '[{\"address\": ' WHERE id = ?").run(id).changes, 1);
  } finally {
    db.close();
  }
  const listed = (await e2e.relay.api<{ items: Array<{ id: string; unreadable?: string }> }>('GET', `/v1/queue?virtual_server_id=${vs.id}`)).body.items;
  assert.match(listed.find((m) => m.id === id)?.unreadable ?? '', /^the recipients are not valid JSON/, 'the listing still answers, naming the damage');
  assert.equal((await e2e.relay.api('POST', `/v1/queue/${id}/retry`)).status, 202);
  const dead = await until('the unreadable dead letter', () => deadLetter(id));
  assert.equal(dead.reason_class, 'unreadable');
  assert.match(dead.reason, /^unreadable queue entry: the recipients are not valid JSON/);
  assert.deepEqual(dead.recipients, []);
  const download = await fetch(`${e2e.relay.apiUrl}/v1/dead-letters/${id}/message`, { headers: { authorization: `Bearer ${e2e.relay.token}` } });
  assert.ok(Buffer.from(await download.arrayBuffer()).subarray(-data.length).equals(data), 'the data is kept');
});
