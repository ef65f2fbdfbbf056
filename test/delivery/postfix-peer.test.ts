// Postfix as the next hop: UTF-8-addressed and 8-bit mail relayed through the relay arrive with SMTPUTF8 and BODY=8BITMIME.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { postfixSkip, startPostfixPeer, type PostfixPeer } from '../support/postfix-peer.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { deliveryE2e, type E2eRelay } from './support/relay-e2e.ts';

/** Submits one message over a raw SMTP dialogue (MAIL FROM parameters as given) and returns its queue id. */
async function submit(t: TestContext, vs: VirtualServer, mailFrom: string, rcptTo: string, data: Buffer): Promise<string> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', vs.port);
  t.after(() => dialog.close());
  assert.equal((await dialog.command('EHLO client.test')).code, 250);
  assert.equal((await dialog.command(`MAIL FROM:${mailFrom}`)).code, 250);
  assert.equal((await dialog.command(`RCPT TO:${rcptTo}`)).code, 250);
  assert.equal((await dialog.command('DATA')).code, 354);
  const reply = await dialog.send(Buffer.concat([data, Buffer.from('.\r\n')]));
  const id = /queued as (\S+)/.exec(reply.line)?.[1];
  assert.ok(id, reply.line);
  await dialog.command('QUIT');
  return id;
}

if (postfixSkip) {
  test('Postfix as next hop', { skip: postfixSkip }, () => undefined);
} else {
  let peer: PostfixPeer;
  let e2e: E2eRelay;
  before(async () => {
    // Both start at once; the relay is kept (and so disposed in after) even when Postfix fails to start.
    const relay = startTestRelay().then(deliveryE2e);
    try {
      peer = await startPostfixPeer();
    } finally {
      e2e = await relay;
    }
  });
  after(async () => { await Promise.all([peer?.stop(), e2e?.relay.dispose()]); });

  test('Postfix (smtputf8_enable = yes) takes a UTF-8-addressed message with SMTPUTF8 and an 8-bit one with BODY=8BITMIME', { timeout: 20_000 }, async (t) => {
    const vs = await e2e.createServer({ delivery: { smart_host: peer.host, smart_host_port: peer.port } });
    const utf8 = Buffer.from('Subject: Grüße aus München\r\nMessage-ID: <pf-utf8@sender.test>\r\nMIME-Version: 1.0\r\n'
      + 'Content-Type: text/plain; charset=utf-8\r\n\r\nSchöne Grüße.\r\n');
    const eightBit = Buffer.from('Subject: 8-bit body\r\nMessage-ID: <pf-8bit@sender.test>\r\nMIME-Version: 1.0\r\n'
      + 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\ncafé crème\r\n');
    const ids = [
      await submit(t, vs, '<jörg@münchen.de> SMTPUTF8 BODY=8BITMIME', '<δοκιμή@παράδειγμα.example>', utf8),
      await submit(t, vs, '<sender@sender.test> BODY=8BITMIME', '<bob@far.test>', eightBit),
    ];
    const held = await peer.waitForHeld(2, 15_000);
    const international = held.find((m) => m.messageId === 'pf-utf8@sender.test');
    const plain = held.find((m) => m.messageId === 'pf-8bit@sender.test');
    assert.ok(international && plain, JSON.stringify(held.map((m) => m.messageId)));

    assert.equal(international.smtputf8, true, 'Postfix recorded that the client requested SMTPUTF8');
    assert.deepEqual([international.sender, international.recipients], ['jörg@xn--mnchen-3ya.de', ['δοκιμή@xn--hxajbheg2az3al.example']],
      'the UTF-8 local parts as sent, the domains as their A-labels');
    assert.match(international.content, /^Received: from relay\.e2e\.test \(unknown \[127\.0\.0\.1\]\)\n\tby peer\.postfix\.test \(Postfix\) with UTF8SMTP id /m);
    assert.match(international.content, /^Subject: Grüße aus München$/m);
    assert.equal(international.encoding, '8bit');

    assert.deepEqual([plain.smtputf8, plain.encoding], [false, '8bit'], 'BODY=8BITMIME was passed on, SMTPUTF8 was not asked for');
    assert.match(plain.content, /^Received: from relay\.e2e\.test .*\n\tby peer\.postfix\.test \(Postfix\) with ESMTP id /m);
    assert.match(plain.content, /^café crème$/m, 'the 8-bit body arrived unchanged');
    // Postfix holds them once it answered 250; the relay records that outcome a moment later.
    const deadline = Date.now() + 5_000;
    for (const id of ids) {
      while ((await e2e.queued(id)) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      assert.equal(await e2e.queued(id), null, 'delivered: the message left the relay queue');
    }
  });
}
