// SMTP AUTH brute force: per-connection (421), per-IP and per-account lock-outs (454), delayed 535s, and the traces
// they leave in the audit log and /metrics. Passwords appear in none of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpDialog, type Reply } from '../data-plane/smtp-dialog.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { hostileRelay } from './hostile-relay.ts';
import { exchange } from './reply-check.ts';

const plain = (user: string, password: string) => `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`;

async function session(port: number, client: string): Promise<SmtpDialog> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, client);
  assert.equal((await dialog.command('EHLO brute.example')).code, 250);
  return dialog;
}

/** One AUTH on a fresh connection: the reply line (or "closed"). */
async function once(port: number, client: string, user: string, password: string): Promise<string> {
  const dialog = await session(port, client);
  try {
    const a = await exchange(dialog, `${plain(user, password)}\r\n`);
    return a === 'closed' ? a : a.line;
  } finally {
    dialog.close();
  }
}

function metric(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('AUTH brute force is slowed, cut off per connection, locked out per IP and per account, and audited', { timeout: 120_000 }, async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', logLevel: 'info' });
  t.after(() => relay.dispose());
  const h = await hostileRelay(t, relay);
  const vs = await h.createServer({ authentication: { anonymous: false, basic: true, basic_default_domain: 'CORP', integrated: true } });
  const passwords = { alice: 'alice-Brute-Force-Secret-1', bob: 'bob-Brute-Force-Secret-2' };
  for (const [name, password] of Object.entries(passwords)) {
    await h.expect(201, 'POST', '/v1/accounts', { name, domain: 'CORP', password_wo: password, password_wo_version: 1 });
  }
  const wrong = ['guess-1', 'guess-2', 'guess-3', 'guess-4', 'guess-5', 'guess-6'];

  // One connection: three wrong passwords, each 535 5.7.8 after a growing delay; the fourth AUTH gets 421 4.7.0 and the close.
  const attacker = '127.0.4.1';
  const first = await session(vs.port, attacker);
  const replies: Reply[] = [];
  const delays: number[] = [];
  for (const guess of wrong.slice(0, 3)) {
    const started = Date.now();
    replies.push(await first.command(plain('alice', guess)));
    delays.push(Date.now() - started);
  }
  assert.deepEqual(replies.map((r) => r.line), Array(3).fill('535 5.7.8 Authentication credentials invalid'));
  assert.ok(delays[0] >= 150 && delays[2] >= delays[0] + 250, `delays grow: ${delays.join(', ')} ms`);
  assert.equal((await exchange(first, `${plain('alice', passwords.alice)}\r\n`) as Reply).line, '421 4.7.0 Too many failed authentication attempts, closing connection');
  assert.ok(await first.waitClosed(), 'the connection is closed after the 421');

  // Same IP again: two more failures reach the per-IP limit (5); then even the right password gets 454 4.7.0.
  assert.match(await once(vs.port, attacker, 'alice', wrong[3]), /^535 5\.7\.8 /);
  assert.match(await once(vs.port, attacker, 'CORP\\alice', wrong[4]), /^535 5\.7\.8 /);
  assert.equal(await once(vs.port, attacker, 'alice', passwords.alice), '454 4.7.0 Too many failed authentication attempts, try again later');
  assert.match(await once(vs.port, '127.0.4.2', 'alice', passwords.alice), /^235 2\.7\.0 /, 'another client IP is not affected');

  // A distributed attack on bob: one guess from each of ten addresses locks the account, from everywhere.
  for (let i = 1; i <= 10; i++) assert.match(await once(vs.port, `127.0.5.${i}`, i % 2 ? 'bob' : 'bob@CORP', `guess-${i}`), /^535 5\.7\.8 /);
  assert.equal(await once(vs.port, '127.0.5.50', 'CORP\\bob', passwords.bob), '454 4.7.0 Too many failed authentication attempts, try again later');
  assert.match(await once(vs.port, '127.0.5.50', 'alice', passwords.alice), /^235 2\.7\.0 /, 'the address itself is not locked');
  // Every mechanism counts against the account: XOAUTH2 and CRAM-MD5 for a locked account are refused unchecked.
  const dialog = await session(vs.port, '127.0.5.51');
  try {
    const xoauth = Buffer.from('user=CORP\\bob\x01auth=Bearer srt_guess\x01\x01').toString('base64');
    assert.equal((await dialog.command(`AUTH XOAUTH2 ${xoauth}`)).line, '454 4.7.0 Too many failed authentication attempts, try again later');
  } finally {
    dialog.close();
  }

  // The traces: audit entries per lock-out, counters in /metrics.
  const audit = (await h.expect(200, 'GET', '/v1/audit-log?limit=100')).body.items as Array<{ actor: string; action: string; object_type: string; object_id: string; after: any }>;
  const lockouts = audit.filter((e) => e.action === 'auth_lockout');
  assert.deepEqual(lockouts.map((e) => [e.actor, e.object_type, e.object_id]).sort(), [['smtp', 'account', 'corp\\bob'], ['smtp', 'smtp_client_ip', attacker]]);
  for (const entry of lockouts) assert.ok(Date.parse(entry.after.locked_until) > Date.now() + 60_000, 'locked for minutes');
  const metrics = (await h.expect(200, 'GET', '/metrics')).text;
  assert.equal(metric(metrics, 'smtp_auth_lockouts_total', 'scope="ip"'), 1);
  assert.equal(metric(metrics, 'smtp_auth_lockouts_total', 'scope="account"'), 1);
  assert.ok(metric(metrics, 'smtp_rejected_total', 'reason="auth_failed"') >= 15);
  assert.ok(metric(metrics, 'smtp_rejected_total', 'reason="auth_throttled"') >= 4);
  t.diagnostic(`AUTH delays ${delays.join(', ')} ms; ${lockouts.length} lock-outs audited`);

  const traces = [h.relay.output(), JSON.stringify(audit), metrics];
  for (const secret of [...Object.values(passwords), ...wrong]) {
    for (const trace of traces) assert.ok(!trace.includes(secret), `a password (${secret.slice(0, 5)}…) leaked into a trace`);
  }
  assert.match(h.relay.output(), /smtp auth lock-out/, 'the lock-outs are logged');
});
