// Rate limits through a real relay (child process) and real SMTP sessions from two source addresses: messages and
// recipients per client IP, account and sender domain, the window resetting, concurrent connections per IP, /metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { counterTotal, oneMessage, session, transaction, windowWithRoom } from './rate-limit-client.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { waitForListener } from './wait-for-listener.ts';

/** A 20 s window (SMTP_RELAY_RATE_WINDOW_SECONDS) so that a test sees it reset; every check starts with 12 s of it left. */
const windowMs = 20_000;
const password = 'rate-limit-pw-1';
const fx = operatedRelay({ mode: 'child-process', rateWindowSeconds: windowMs / 1000 }, async ({ operator }) => {
  await operator.createAccount('alice', 'CORP', password);
});

async function server(fields: Record<string, unknown>) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: `rate-${port}`, port, local_domains: ['corp.test'], ...fields });
  await waitForListener(port);
  await windowWithRoom(windowMs, 12_000);
  return { port, vs };
}

const dropped = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).length : 0);
const metrics = async () => (await fx.relay.api('GET', '/metrics', undefined, { authorization: '' })).text;

test('messages per client IP: the fourth MAIL from 127.0.0.2 gets 451 4.7.1 with when to retry; 127.0.0.3 still sends; counted in /metrics', async () => {
  const { port, vs } = await server({ rate_limits: { messages_per_minute_per_client_ip: 3 } });
  for (let i = 0; i < 3; i++) assert.equal((await oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test')).accepted, true, `message ${i}`);
  const refused = await oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test');
  assert.match(refused.mail.line, /^451 4\.7\.1 rate limit: 3 messages per minute per client 127\.0\.0\.2 reached; try again in \d+ s$/);
  const retryIn = Number(/in (\d+) s$/.exec(refused.mail.line)![1]);
  assert.ok(retryIn >= 1 && retryIn <= windowMs / 1000, `retry in ${retryIn} s`);
  assert.equal(refused.accepted, false);
  assert.equal((await oneMessage(port, '127.0.0.3', 'a@sender.test', 'bob@corp.test')).accepted, true, 'another IP has its own count');
  assert.equal(dropped(vs.drop_directory), 4, 'three from .2 and one from .3 were stored, the refused one not');
  assert.equal(counterTotal(await metrics(), 'smtp_rate_limited_total', { virtual_server: vs.id, dimension: 'messages_per_client_ip' }), 1);
});

test('recipients per client IP: a refused recipient is not counted; the one past the limit gets 451 4.7.1; messages are not limited by it', async () => {
  const { port, vs } = await server({ rate_limits: { recipients_per_minute_per_client_ip: 3 } });
  const dialog = await session(port, '127.0.0.2');
  try {
    const first = await transaction(dialog, 'a@sender.test', ['a@corp.test', 'x@far.test', 'b@corp.test']);
    assert.deepEqual(first.rcpt.map((r) => r.code), [250, 550, 250], 'x@far.test is refused by relay control (not counted)');
    assert.equal(first.data?.code, 250);
    const second = await transaction(dialog, 'a@sender.test', ['c@corp.test', 'd@corp.test']);
    assert.equal(second.rcpt[0].code, 250, 'the third counted recipient');
    assert.match(second.rcpt[1].line, /^451 4\.7\.1 rate limit: 3 recipients per minute per client 127\.0\.0\.2 reached; try again in \d+ s$/);
    assert.equal(second.data?.code, 250, 'the message goes on with the recipients accepted');
  } finally {
    dialog.close();
  }
  const other = await session(port, '127.0.0.3');
  try {
    assert.deepEqual((await transaction(other, 'a@sender.test', ['e@corp.test', 'f@corp.test'])).rcpt.map((r) => r.code), [250, 250]);
  } finally {
    other.close();
  }
  assert.equal(counterTotal(await metrics(), 'smtp_rate_limited_total', { virtual_server: vs.id, dimension: 'recipients_per_client_ip' }), 1);
});

test('messages per account: counted over client IPs for CORP\\alice after AUTH; anonymous clients are not counted against it', async () => {
  const { port } = await server({
    authentication: { anonymous: true, basic: true, basic_default_domain: 'CORP' },
    rate_limits: { messages_per_minute_per_account: 2 },
  });
  const alice = { user: 'alice', password };
  assert.equal((await oneMessage(port, '127.0.0.2', 'alice@corp.test', 'bob@corp.test', alice)).accepted, true);
  assert.equal((await oneMessage(port, '127.0.0.3', 'alice@corp.test', 'bob@corp.test', alice)).accepted, true);
  const third = await oneMessage(port, '127.0.0.3', 'alice@corp.test', 'bob@corp.test', alice);
  assert.match(third.mail.line, /^451 4\.7\.1 rate limit: 2 messages per minute per account corp\\alice reached; try again in \d+ s$/);
  for (let i = 0; i < 3; i++) assert.equal((await oneMessage(port, '127.0.0.3', 'anon@corp.test', 'bob@corp.test')).accepted, true, `anonymous ${i}`);
  assert.ok(!(await metrics()).includes(password), 'no secret in /metrics');
});

test('messages per sender domain: over client IPs and senders of one domain; another domain and the null sender are not counted', async () => {
  const { port } = await server({ rate_limits: { messages_per_minute_per_sender_domain: 2 } });
  assert.equal((await oneMessage(port, '127.0.0.2', 'a@One.test', 'bob@corp.test')).accepted, true);
  assert.equal((await oneMessage(port, '127.0.0.3', 'b@one.test', 'bob@corp.test')).accepted, true);
  const third = await oneMessage(port, '127.0.0.2', 'c@one.test', 'bob@corp.test');
  assert.match(third.mail.line, /^451 4\.7\.1 rate limit: 2 messages per minute per sender domain one\.test reached; try again in \d+ s$/);
  assert.equal((await oneMessage(port, '127.0.0.2', 'a@two.test', 'bob@corp.test')).accepted, true);
  for (let i = 0; i < 3; i++) assert.equal((await oneMessage(port, '127.0.0.2', '', 'bob@corp.test')).accepted, true, `null sender ${i}`);
});

test('recipients per sender domain and per account count accepted recipients across transactions', async () => {
  const { port } = await server({
    authentication: { anonymous: true, basic: true, basic_default_domain: 'CORP' },
    rate_limits: { recipients_per_minute_per_sender_domain: 4, recipients_per_minute_per_account: 2 },
  });
  const anonymous = await session(port, '127.0.0.2');
  try {
    const replies = (await transaction(anonymous, 'a@one.test', ['a@corp.test', 'b@corp.test', 'c@corp.test', 'd@corp.test', 'e@corp.test'])).rcpt;
    assert.deepEqual(replies.map((r) => r.code), [250, 250, 250, 250, 451]);
    assert.match(replies[4].line, /per sender domain one\.test reached/);
  } finally {
    anonymous.close();
  }
  const alice = await session(port, '127.0.0.3', { user: 'alice', password });
  try {
    const replies = (await transaction(alice, 'alice@corp.test', ['a@corp.test', 'b@corp.test', 'c@corp.test'])).rcpt;
    assert.deepEqual(replies.map((r) => r.code), [250, 250, 451]);
    assert.match(replies[2].line, /per account corp\\alice reached/);
  } finally {
    alice.close();
  }
});

test('the window resets: refused in one window, accepted again in the next', async () => {
  const { port } = await server({ rate_limits: { messages_per_minute_per_client_ip: 1 } });
  assert.equal((await oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test')).accepted, true);
  const refused = await oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test');
  assert.equal(refused.mail.code, 451);
  const retryIn = Number(/in (\d+) s$/.exec(refused.mail.line)![1]);
  await new Promise((resolve) => setTimeout(resolve, retryIn * 1000 + 100));
  assert.equal((await oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test')).accepted, true, `accepted again after ${retryIn} s`);
});

test('concurrent connections per client IP: N held open, the next gets 421 4.7.0 and is closed; another IP connects; a slot frees up', async () => {
  const { port, vs } = await server({ limits: { max_connections_per_ip: 2 } });
  const held = [await SmtpDialog.open('127.0.0.1', port, '127.0.0.2'), await SmtpDialog.open('127.0.0.1', port, '127.0.0.2')];
  try {
    assert.deepEqual(held.map((h) => h.greeting.code), [220, 220]);
    const third = await SmtpDialog.open('127.0.0.1', port, '127.0.0.2');
    assert.equal(third.greeting.line, '421 4.7.0 Too many connections from 127.0.0.2 (at most 2), try again later');
    assert.equal(await third.dialog.waitClosed(), true);
    third.dialog.close();
    const other = await SmtpDialog.open('127.0.0.1', port, '127.0.0.3');
    assert.equal(other.greeting.code, 220, 'another IP still connects');
    other.dialog.close();
  } finally {
    held.forEach((h) => h.dialog.close());
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const again = await SmtpDialog.open('127.0.0.1', port, '127.0.0.2');
  assert.equal(again.greeting.code, 220, 'the slots free up when the clients leave');
  again.dialog.close();
  assert.equal(counterTotal(await metrics(), 'smtp_rate_limited_total', { virtual_server: vs.id, dimension: 'connections_per_client_ip' }), 1);
});
