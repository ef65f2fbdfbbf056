// Over real SMTP, the real relay in process and a real sink: limits.max_hop_count refuses a looping message at DATA
// (nothing queued) and passes one at the limit; delivery.masquerade_domain rewrites the envelope sender of relayed
// mail only (not the From: header, not a bounce's null sender, not a local drop).
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { SmtpDialog, type Reply } from '../data-plane/smtp-dialog.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { deliveryE2e, type E2eRelay } from './support/relay-e2e.ts';

let e2e: E2eRelay;
let sink: SmtpSink;
before(async () => { [e2e, sink] = await Promise.all([startTestRelay().then(deliveryE2e), startSmtpSink()]); });
after(async () => { await Promise.all([e2e?.relay.dispose(), sink?.stop()]); });

/** A message that arrives with `hops` Received lines (as if it had crossed that many hosts already). */
function message(id: string, hops: number, from = 'App <app@web01.corp.internal>'): Buffer {
  const received = Array.from({ length: hops }, (_, i) => `Received: from hop${i}.test by hop${i + 1}.test; Mon, 7 Dec 2026 10:00:0${i % 10} +0000`);
  return Buffer.from([...received, `From: ${from}`, 'To: user@remote.test', `Message-ID: <${id}>`, 'Subject: hops', '', 'Hello.', ''].join('\r\n'));
}

/** One transaction over a raw dialogue; resolves to the reply to the end of DATA. */
async function transaction(t: TestContext, vs: VirtualServer, mailFrom: string, rcptTo: string, data: Buffer): Promise<Reply> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', vs.port);
  t.after(() => dialog.close());
  assert.equal((await dialog.command('EHLO client.test')).code, 250);
  assert.equal((await dialog.command(`MAIL FROM:<${mailFrom}>`)).code, 250);
  assert.equal((await dialog.command(`RCPT TO:<${rcptTo}>`)).code, 250);
  assert.equal((await dialog.command('DATA')).code, 354);
  const reply = await dialog.send(Buffer.concat([data, Buffer.from('.\r\n')]));
  await dialog.command('QUIT');
  return reply;
}

const sunk = (messageId: string) => sink.messages.find((m) => m.messageId === messageId);

async function arrived(messageId: string) {
  const deadline = Date.now() + 10_000;
  while (!sunk(messageId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const found = sunk(messageId);
  assert.ok(found, `${messageId} reached the sink`);
  return found;
}

test('the API reads back max_hop_count 100 and masquerade_domain null when omitted, and refuses bad values by path', async () => {
  const vs = await e2e.createServer({});
  assert.equal(vs.limits.max_hop_count, 100);
  assert.equal(vs.delivery.masquerade_domain, null);
  const badHops = await e2e.relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { limits: { max_hop_count: 0 } });
  assert.equal(badHops.status, 422, badHops.text);
  assert.match(badHops.text, /\$\.limits\.max_hop_count/);
  const badDomain = await e2e.relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { delivery: { masquerade_domain: 'not a domain' } });
  assert.equal(badDomain.status, 422, badDomain.text);
  assert.match(badDomain.text, /\$\.delivery\.masquerade_domain/);
});

test('max_hop_count 3: 4 Received lines get 554 5.4.6 and nothing is queued; 3 are relayed', { timeout: 20_000 }, async (t) => {
  const vs = await e2e.createServer({ limits: { max_hop_count: 3 }, delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port } });
  const refused = await transaction(t, vs, 'app@web01.corp.internal', 'user@remote.test', message('loop@hops.test', 4));
  assert.equal(refused.code, 554, refused.line);
  assert.match(refused.line, /^554 5\.4\.6 Too many hops: 4 Received header fields, at most 3/);
  const queue = await e2e.relay.api('GET', `/v1/queue?virtual_server_id=${vs.id}`);
  assert.equal(queue.status, 200, queue.text);
  assert.deepEqual(queue.body.items, [], 'the refused message was not queued');

  const accepted = await transaction(t, vs, 'app@web01.corp.internal', 'user@remote.test', message('at-limit@hops.test', 3));
  assert.equal(accepted.code, 250, accepted.line);
  const delivered = await arrived('at-limit@hops.test');
  assert.equal(delivered.raw.toString('latin1').match(/^Received:/gm)?.length, 4, 'the three it came with and the relay\'s own');
  assert.equal(sunk('loop@hops.test'), undefined, 'the refused message never reached the next hop');
});

test('masquerade_domain: relayed mail leaves with the masquerade domain in MAIL FROM only; a bounce and a local drop are unchanged', { timeout: 20_000 }, async (t) => {
  const drop = mkdtempSync(join(tmpdir(), 'masquerade-drop-'));
  t.after(() => rmSync(drop, { recursive: true, force: true }));
  const vs = await e2e.createServer({
    local_domains: ['local.test'], drop_directory: drop,
    delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, masquerade_domain: 'corp.example' },
  });

  assert.equal((await transaction(t, vs, 'app@web01.corp.internal', 'user@remote.test', message('masq-1@hops.test', 0))).code, 250);
  const relayed = await arrived('masq-1@hops.test');
  assert.equal(relayed.from, 'app@corp.example', 'the sink saw MAIL FROM with the masquerade domain');
  assert.match(relayed.raw.toString('latin1'), /^From: App <app@web01\.corp\.internal>$/m, 'the From: header is not rewritten (IIS masquerades the protocol\'s MAIL FROM)');

  assert.equal((await transaction(t, vs, '', 'user@remote.test', message('bounce-1@hops.test', 0, 'MAILER-DAEMON@elsewhere.test'))).code, 250);
  assert.equal((await arrived('bounce-1@hops.test')).from, '', 'a bounce keeps the null sender');

  assert.equal((await transaction(t, vs, 'app@web01.corp.internal', 'user@local.test', message('local-1@hops.test', 0))).code, 250);
  const files = readdirSync(drop);
  assert.equal(files.length, 1);
  assert.match(readFileSync(join(drop, files[0]), 'latin1'), /^X-Sender: app@web01\.corp\.internal\r\nX-Receiver: user@local\.test\r\n/,
    'local delivery keeps the sender as received');
});
