// Open-relay tests: the classic routing tricks against a default virtual server and one with relay rules and local
// domains. None may leave the relay: each is refused (550/553/501 with an enhanced status) or dropped locally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { hostileRelay } from './hostile-relay.ts';
import { improper } from './reply-check.ts';

/** Recipients that try to reach other.example (the victim) through a relay whose only local domain is local.example. */
const tricks = [
  'user@other.example', 'user@OTHER.EXAMPLE', 'user@other.example.', 'user@Other.Example..',
  'user%other.example@local.example', 'user%other.example@LOCAL.EXAMPLE', 'user%other.example@local.example.',
  'user%other.example%third.example@local.example', 'user%other.example@partner.example',
  'other.example!user@local.example', 'other!user@local.example', '"other!user"@local.example', 'other.example!user@LOCAL.example.',
  '"user@other.example"@local.example', '"user%other.example"@local.example', '"user@other.example"@LOCAL.EXAMPLE.',
  '"user"@other.example', '"user@local.example"@other.example',
  '@local.example:user@other.example', '@local.example,@local.example:user@other.example', '@other.example:user@local.example',
  '@LOCAL.EXAMPLE:user@other.example.',
  'user@[127.0.0.1]', 'user@[IPv6:::1]', 'user@[IPv6:::ffff:127.0.0.1]', 'user@[192.0.2.1]', 'user@[local.example]',
  'user@127.0.0.1', 'user@[127.0.0.1].', 'user@[ipv6:0:0:0:0:0:0:0:1]',
  'user@other.example@local.example', 'user@local.example@other.example', 'user@local.example.other.example',
  'user@sub.local.example', 'user@local.example\\@other.example', 'user@other.example%local.example',
  'user@other.example:25', 'user@local.example>other.example', 'user@local.example,user@other.example',
  // Local after all (accepted into the drop directory, never relayed): case and a trailing dot.
  'USER@LOCAL.EXAMPLE', 'user@local.example.', 'user@Local.Example.',
];

/** What a RCPT TO line is allowed to get: a refusal with an enhanced status, or 250 for a recipient that is local. */
const refusals = /^(?:550 5\.7\.1|553 5\.1\.[1-7]|501 5\.[15]\.\d{1,3}|555 5\.5\.4) /;

interface Outcome {
  trick: string;
  rcpt: string;
  data: string | null;
}

/** One transaction: MAIL, RCPT <trick>, and DATA when the RCPT was accepted. */
async function attempt(port: number, client: string, trick: string): Promise<Outcome> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, client);
  try {
    await dialog.command('EHLO attacker.example');
    assert.equal((await dialog.command('MAIL FROM:<attacker@evil.example>')).code, 250);
    const rcpt = await dialog.command(`RCPT TO:<${trick}>`);
    const why = improper(rcpt);
    if (why) return { trick, rcpt: why, data: null };
    if (rcpt.code !== 250) return { trick, rcpt: rcpt.line, data: null };
    await dialog.command('DATA');
    const data = await dialog.send(`Subject: relay test\r\nMessage-ID: <${Math.random()}@evil.example>\r\n\r\nrelay me to ${trick}\r\n.\r\n`);
    return { trick, rcpt: rcpt.line, data: data.line };
  } finally {
    dialog.close();
  }
}

test('no routing trick turns a default or a rule-restricted virtual server into an open relay', { timeout: 120_000 }, async (t) => {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const h = await hostileRelay(t, relay);
  const defaults = await h.createServer();
  const ruled = await h.createServer({ local_domains: ['local.example'] });
  await h.expect(201, 'POST', `/v1/virtual-servers/${ruled.id}/relay-rules`, { ip_address: '127.0.0.2' });
  await h.expect(201, 'POST', `/v1/virtual-servers/${ruled.id}/remote-domains`, { name: 'partner.example', allow_incoming_relay: true });
  const targets = [
    { name: 'default', vs: defaults, clients: ['127.0.0.1', '127.0.0.3'] },
    { name: 'relay rules', vs: ruled, clients: ['127.0.0.1', '127.0.0.3'] },
  ];
  let cases = 0;
  const problems: string[] = [];
  let localDrops = 0;
  for (const target of targets) {
    for (const client of target.clients) {
      for (const trick of tricks) {
        cases++;
        const outcome = await attempt(target.vs.port, client, trick);
        const label = `${target.name} from ${client}: <${trick}>`;
        if (outcome.data === null) {
          if (!refusals.test(outcome.rcpt)) problems.push(`${label}: RCPT got ${outcome.rcpt}`);
        } else {
          localDrops++;
          if (!/^250 2\.0\.0 /.test(outcome.data)) problems.push(`${label}: DATA got ${outcome.data}`);
        }
        // The API's relay check runs the same policy: it must not let the trick relay either.
        const check = await h.expect(200, 'POST', '/v1/relay-check', {
          virtual_server_id: target.vs.id, client_ip: client, authenticated_as: null, sender: 'attacker@evil.example', recipient: trick,
        });
        if (check.body.decision === 'accept' && check.body.reason !== 'Recipient is in a local domain') {
          problems.push(`${label}: relay-check would relay it (${check.body.reason})`);
        }
      }
      // Mixed: a genuine local recipient first, then every trick in the same transaction; the message goes to DATA.
      cases++;
      const { dialog } = await SmtpDialog.open('127.0.0.1', target.vs.port, client);
      try {
        await dialog.command('EHLO attacker.example');
        await dialog.command('MAIL FROM:<attacker@evil.example>');
        const local = target.name !== 'default';
        const first = await dialog.command('RCPT TO:<real@local.example>');
        assert.equal(first.code, local ? 250 : 550, first.line);
        let accepted = local ? 1 : 0;
        for (const trick of tricks) {
          const a = await dialog.command(`RCPT TO:<${trick}>`);
          if (a.code === 250) accepted++;
          else if (!refusals.test(a.line)) problems.push(`${target.name} from ${client}, mixed: <${trick}> got ${a.line}`);
        }
        if (accepted > 0) {
          assert.equal((await dialog.command('DATA')).code, 354);
          const data = await dialog.send('Subject: mixed\r\n\r\nrelay me\r\n.\r\n');
          if (!/^250 2\.0\.0 /.test(data.line)) problems.push(`${target.name} from ${client}, mixed: DATA got ${data.line}`);
          localDrops++;
        }
      } finally {
        dialog.close();
      }
    }
  }
  t.diagnostic(`open-relay cases: ${cases} (${tricks.length} addresses x ${targets.length} servers x 2 clients + mixed), ${localDrops} accepted as local drops`);
  assert.deepEqual(problems, []);
  // Let the delivery worker run: whatever was queued would go to the sink now.
  await new Promise((r) => setTimeout(r, 2500));
  assert.deepEqual((await h.expect(200, 'GET', '/v1/queue')).body.items, [], 'nothing was queued for outbound delivery');
  assert.equal(h.sink.messages.length, 0, 'the sink received nothing');
  const dropped = readdirSync(ruled.drop_directory);
  assert.ok(dropped.length >= 2, 'the local variants were dropped');
  for (const file of dropped) {
    const head = readFileSync(join(ruled.drop_directory, file), 'latin1').split('\r\n\r\n')[0];
    for (const receiver of head.split('\r\n').filter((l) => l.startsWith('X-Receiver: '))) {
      assert.match(receiver, /^X-Receiver: [a-z]+@local\.example\.?$/i, `${file}: only local recipients are dropped`);
    }
  }
  // The control: a client the relay rules do list does reach the sink, so the sink would have seen a relayed trick.
  const allowed = await attempt(ruled.port, '127.0.0.2', 'user@other.example');
  assert.match(allowed.data ?? allowed.rcpt, /^250 2\.0\.0 /);
  await h.sink.waitFor(1);
  assert.deepEqual(h.sink.messages.map((m) => m.to), [['user@other.example']]);
});
