// SMTP AUTH PLAIN/LOGIN for directory users against a real slapd: 235/535/454, local accounts beside them, brute force
// throttled before slapd sees more than maxAccountFailures binds, and no password in the relay's output.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAuthThrottle } from '../../relay-service/src/smtp/auth-throttle.ts';
import { hostileRelay, type HostileRelay } from '../security/hostile-relay.ts';
import { exchange } from '../security/reply-check.ts';
import { freePort } from '../support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd, type TestSlapd } from '../support/slapd.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const plain = (user: string, password: string) => `AUTH PLAIN ${b64(`\0${user}\0${password}`)}`;
const localPassword = 'Local-account-pw-7';

let ldap: TestSlapd;
let relay: TestRelay;
let h: HostileRelay;
let port: number;
let directoryId: string;

before(async () => {
  ldap = await startTestSlapd();
  relay = await startTestRelay({ mode: 'child-process', logLevel: 'info' });
});
after(async () => {
  await relay?.dispose();
  await ldap?.stop();
});

/** One AUTH PLAIN on a fresh connection from `client`: the reply line. */
async function plainOnce(client: string, user: string, password: string): Promise<string> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, client);
  try {
    assert.equal((await dialog.command('EHLO client.example')).code, 250);
    const reply = await exchange(dialog, `${plain(user, password)}\r\n`);
    return reply === 'closed' ? reply : reply.line;
  } finally {
    dialog.close();
  }
}

async function loginOnce(client: string, user: string, password: string): Promise<string> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, client);
  try {
    assert.equal((await dialog.command('EHLO client.example')).code, 250);
    assert.equal((await dialog.command('AUTH LOGIN')).code, 334);
    assert.equal((await dialog.command(b64(user))).code, 334);
    return (await dialog.command(b64(password))).line;
  } finally {
    dialog.close();
  }
}

test('setup: a virtual server with basic auth (default domain CORP), a directory for CORP over LDAPS, a local account', async (t) => {
  h = await hostileRelay(t, relay);
  const vs = await h.createServer({ authentication: { anonymous: false, basic: true, basic_default_domain: 'CORP', integrated: false } });
  port = vs.port;
  const created = await h.expect(201, 'POST', '/v1/directories', {
    name: 'corp', domain: 'CORP', urls: [ldap.ldapsUrl], tls_ca_pem: ldap.caPem, bind_dn: ldap.bindDn,
    bind_password_wo: ldap.bindPassword, bind_password_wo_version: 1, user_search_base: `ou=people,${slapdSuffix}`,
  });
  directoryId = created.body.id;
  await h.expect(201, 'POST', '/v1/accounts', { name: 'localuser', domain: 'CORP', password_wo: localPassword, password_wo_version: 1 });
});

test('directory users: PLAIN and LOGIN succeed (bare name, CORP\\name, name@CORP); wrong password, disabled, unknown get 535 5.7.8', async () => {
  assert.match(await plainOnce('127.0.7.1', 'alice', slapdPasswords.alice), /^235 2\.7\.0 /);
  assert.match(await plainOnce('127.0.7.1', 'CORP\\carol', slapdPasswords.carol), /^235 2\.7\.0 /);
  assert.match(await loginOnce('127.0.7.1', 'carol@CORP', slapdPasswords.carol), /^235 2\.7\.0 /);
  assert.equal(await plainOnce('127.0.7.2', 'alice', 'not-her-password'), '535 5.7.8 Authentication credentials invalid');
  assert.equal(await loginOnce('127.0.7.3', 'CORP\\dave', slapdPasswords.dave), '535 5.7.8 Authentication credentials invalid', 'disabled account');
  assert.equal(await plainOnce('127.0.7.4', 'mallory', 'whatever'), '535 5.7.8 Authentication credentials invalid', 'unknown user');
  assert.equal(await plainOnce('127.0.7.5', 'OTHER\\alice', slapdPasswords.alice), '535 5.7.8 Authentication credentials invalid', 'no directory for OTHER');
  assert.match(await plainOnce('127.0.7.6', 'localuser', localPassword), /^235 2\.7\.0 /, 'local accounts still work');
});

test('brute force on a directory user: slapd sees at most maxAccountFailures binds for it; then the right password is refused unchecked', { timeout: 60_000 }, async () => {
  const bob = ldap.userDn('bob');
  const before = ldap.bindsFor(bob);
  const replies: string[] = [];
  // A distributed guess: one attempt from each of 25 addresses, so only the per-account limit applies.
  for (let i = 1; i <= 25; i++) replies.push(await plainOnce(`127.0.8.${i}`, 'bob', `guess-${i}`));
  const limit = defaultAuthThrottle.maxAccountFailures;
  assert.deepEqual(replies.slice(0, limit), Array(limit).fill('535 5.7.8 Authentication credentials invalid'));
  assert.deepEqual(new Set(replies.slice(limit)), new Set(['454 4.7.0 Too many failed authentication attempts, try again later']));
  assert.equal(ldap.bindsFor(bob) - before, limit, `binds for ${bob} at slapd`);
  assert.equal(await plainOnce('127.0.8.99', 'bob', slapdPasswords.bob), '454 4.7.0 Too many failed authentication attempts, try again later');
  assert.equal(ldap.bindsFor(bob) - before, limit, 'the locked account is not asked about even with its right password');
});

test('directory unreachable: 454 4.7.0 (temporary), and local accounts still work', async () => {
  await h.expect(200, 'PATCH', `/v1/directories/${directoryId}`, { urls: [`ldaps://localhost:${await freePort()}`], timeout_seconds: 1 });
  assert.equal(await plainOnce('127.0.9.1', 'alice', slapdPasswords.alice), '454 4.7.0 Temporary authentication failure, try again later');
  assert.match(await plainOnce('127.0.9.2', 'CORP\\localuser', localPassword), /^235 2\.7\.0 /);
  await h.expect(200, 'PATCH', `/v1/directories/${directoryId}`, { urls: [ldap.ldapsUrl] });
  assert.match(await plainOnce('127.0.9.1', 'alice', slapdPasswords.alice), /^235 2\.7\.0 /, 'back when the directory is');
});

test('neither the bind password nor a user password appears in the relay output', () => {
  const output = relay.output();
  assert.match(output, /smtp auth succeeded/, 'the log was captured');
  for (const secret of [ldap.bindPassword, ...Object.values(slapdPasswords), localPassword]) {
    assert.ok(!output.includes(secret), 'a password is in the relay output');
    assert.ok(!output.includes(b64(secret)), 'a base64 password is in the relay output');
  }
});
