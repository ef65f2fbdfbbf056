// AUTH GSSAPI (RFC 4752) against a real MIT KDC: python3-gssapi clients with kinit tickets, good and bad keytabs, expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';
import { kdcSkip, startKdc, type TestKdc } from '../support/kdc.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { waitForListener } from './wait-for-listener.ts';

const clientScript = fileURLToPath(new URL('../support/gssapi-smtp-client.py', import.meta.url));
const passwords = { alice: 'alice-kerberos-pw', bob: 'bob-kerberos-pw' };
const services = ['smtp/relay.test', 'smtp/other.relay.test', 'smtp/stale.relay.test', 'smtp/expiring.relay.test'];
let kdc: TestKdc;
const keytabs = new Map<string, { path: string; bytes: Buffer }>();

if (kdcSkip) test('AUTH GSSAPI', { skip: kdcSkip }, () => {});

const fx = kdcSkip ? null : operatedRelay(async () => {
  // A skew of 1 s: the acceptor refuses a ticket 1 s after its end time (MIT's default would forgive 5 minutes).
  kdc = await startKdc({ users: passwords, services, clockSkewSeconds: 1 });
  return { mode: 'child-process', env: kdc.env, logLevel: 'debug' };
}, async ({ operator }) => {
  // alice has a relay account in the realm's domain; bob has a principal but no account.
  await operator.createAccount('alice', 'RELAY.TEST', 'unused-local-password');
  const dir = mkdtempSync(join(tmpdir(), 'relay-keytabs-'));
  for (const service of services) {
    const bytes = kdc.keytab(service);
    const path = join(dir, `${service.replace('/', '_')}.keytab`);
    writeFileSync(path, bytes, { mode: 0o600 });
    keytabs.set(service, { path, bytes });
  }
  // The stale keytab holds key version 1 only: tickets are now issued under version 2.
  kdc.rekey('smtp/stale.relay.test');
  // Service tickets that expire while the user's TGT (10 h) is still valid.
  kdc.limitTicketLife('smtp/expiring.relay.test', '5s');
});

async function gssapiServer(keytab: string, servicePrincipal: string): Promise<{ port: number; id: string }> {
  const port = await freePort();
  const vs = await fx!.operator.createServer({
    name: `gssapi-${port}`, port, fqdn: 'relay.test',
    authentication: { anonymous: false, integrated: true, kerberos_keytab_path: keytabs.get(keytab)!.path, kerberos_service_principal: servicePrincipal },
  });
  await waitForListener(port);
  return { port, id: vs.id };
}

interface ClientResult { ehlo_auth?: string; auth?: string; mail?: string; error?: string; disconnected?: string }

/** The relay's log lines of failed AUTH attempts. */
const authFailures = () => fx!.relay.output().split('\n').filter((line) => line.includes('smtp auth failed'));

/** Waits (up to 3 s: the child's log reaches its pipe a moment after the reply) for a failed-AUTH line matching `pattern`. */
async function assertAuthFailureLogged(pattern: RegExp): Promise<void> {
  for (const deadline = Date.now() + 3_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (authFailures().some((line) => pattern.test(line))) return;
  }
  assert.fail(`no failed-AUTH log line matches ${pattern}:\n${authFailures().join('\n')}`);
}

/**
 * Runs the python client. Tests whose clients fail AUTH connect from their own loopback address (`--source-address`),
 * so that the relay's per-IP lock-out (5 failures) from one test does not answer another's with 454.
 * With `clockOffset` (faketime's `-4.5s`) its clock (and so its Kerberos library's) is shifted. */
function gssapiClient(port: number, ccache: string, service: string, extra: string[] = [], clockOffset?: string): ClientResult {
  const command = ['/usr/bin/python3', clientScript, '--port', String(port), '--service', service, ...extra];
  const [program, ...args] = clockOffset ? ['faketime', '-f', clockOffset, ...command] : command;
  const run = spawnSync(program, args, {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...kdc.env, KRB5CCNAME: ccache },
  });
  assert.equal(run.status, 0, `client failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()) as ClientResult;
}

test('a kinit-ed client authenticates with AUTH GSSAPI (235) and relays under allow_authenticated', { skip: kdcSkip }, async () => {
  const { port } = await gssapiServer('smtp/relay.test', 'smtp/relay.test');
  const ccache = kdc.kinit('alice', passwords.alice);
  const before = fx!.sink.messages.length;
  const result = gssapiClient(port, ccache, 'smtp@relay.test', ['--mail-from', 'alice@relay.test', '--rcpt', 'someone@far.test']);
  assert.match(result.ehlo_auth ?? '', /\bGSSAPI\b/, JSON.stringify(result));
  assert.equal(result.auth, '235 2.7.0 Authentication successful', JSON.stringify(result));
  assert.match(result.mail ?? '', /^250 2\.0\.0 Ok: queued as /, JSON.stringify(result));
  await fx!.sink.waitFor(before + 1);
  assert.ok(fx!.sink.messages.at(-1)!.to.includes('someone@far.test'));
  assert.match(fx!.relay.output(), /"method":"GSSAPI","user":"RELAY\.TEST\\\\alice".*smtp auth succeeded/);
});

test('an authorization identity other than the principal is refused; the principal itself (or none) is accepted', { skip: kdcSkip }, async () => {
  const { port } = await gssapiServer('smtp/relay.test', 'smtp/relay.test');
  const ccache = kdc.kinit('alice', passwords.alice);
  assert.equal(gssapiClient(port, ccache, 'smtp@relay.test', ['--authzid', 'alice@RELAY.TEST']).auth, '235 2.7.0 Authentication successful');
  assert.equal(gssapiClient(port, ccache, 'smtp@relay.test', ['--authzid', 'RELAY.TEST\\bob', '--source-address', '127.0.22.1']).auth, '535 5.7.8 Authentication credentials invalid');
});

test('a principal without a relay account is refused with 535 5.7.8', { skip: kdcSkip }, async () => {
  const { port } = await gssapiServer('smtp/relay.test', 'smtp/relay.test');
  const result = gssapiClient(port, kdc.kinit('bob', passwords.bob), 'smtp@relay.test', ['--source-address', '127.0.23.1']);
  assert.equal(result.auth, '535 5.7.8 Authentication credentials invalid', JSON.stringify(result));
});

test('a wrong keytab is refused with 535 5.7.8: another principal, or an old key version', { skip: kdcSkip }, async () => {
  const ccache = kdc.kinit('alice', passwords.alice);
  // The listener accepts for smtp/other.relay.test; the client's ticket is for smtp/relay.test.
  const other = await gssapiServer('smtp/other.relay.test', 'smtp/other.relay.test');
  const wrongPrincipal = gssapiClient(other.port, ccache, 'smtp@relay.test', ['--source-address', '127.0.24.1']);
  assert.equal(wrongPrincipal.auth, '535 5.7.8 Authentication credentials invalid', JSON.stringify(wrongPrincipal));
  // The keytab has key version 1; the KDC now issues tickets under version 2.
  const stale = await gssapiServer('smtp/stale.relay.test', 'smtp/stale.relay.test');
  const oldKey = gssapiClient(stale.port, ccache, 'smtp@stale.relay.test', ['--source-address', '127.0.24.2']);
  assert.equal(oldKey.auth, '535 5.7.8 Authentication credentials invalid', JSON.stringify(oldKey));
  await assertAuthFailureLogged(/"method":"GSSAPI".*"reason":"gss_accept_sec_context: [^"]*kvno 2/);
});

test('an expired ticket is refused with 535 5.7.8', { skip: kdcSkip }, async () => {
  const { port } = await gssapiServer('smtp/expiring.relay.test', 'smtp/expiring.relay.test');
  const ccache = kdc.kinit('alice', passwords.alice);
  // The service ticket (5 s of life) is fetched into the cache, then left to expire (end time + 1 s of skew).
  const fetchedAt = Date.now();
  const kvno = spawnSync('kvno', ['-c', ccache, 'smtp/expiring.relay.test'], { encoding: 'utf8', env: { ...process.env, ...kdc.env } });
  assert.equal(kvno.status, 0, kvno.stderr);
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  // MIT's client library neither sends an expired ticket nor gets a new one without asking the KDC, so the client runs
  // in the past (libfaketime), 1 s after the ticket was fetched, when it was still valid for 4 s more (room for a slow
  // start). MIT uses one clockskew both for ticket end times and for authenticator times, so the relay sees a ticket
  // past its end and an authenticator as old as the shift.
  const shift = ((Date.now() - fetchedAt - 1_000) / 1_000).toFixed(1);
  const result = gssapiClient(port, ccache, 'smtp@expiring.relay.test', ['--source-address', '127.0.25.1'], `-${shift}s`);
  assert.equal(result.auth, '535 5.7.8 Authentication credentials invalid', JSON.stringify(result));
  await assertAuthFailureLogged(/"reason":"gss_accept_sec_context:[^"]*([Tt]icket expired|[Cc]lock skew too great)/);
  // The same principal with a new ticket gets in: the refusal was the ticket's age, not the keytab.
  const fresh = gssapiClient(port, kdc.kinit('alice', passwords.alice), 'smtp@expiring.relay.test');
  assert.equal(fresh.auth, '235 2.7.0 Authentication successful', JSON.stringify(fresh));
});

test('GSSAPI is offered only with integrated on and a keytab; no keytab or ticket bytes in logs, API, audit or export', { skip: kdcSkip }, async () => {
  const port = await freePort();
  await fx!.operator.createServer({ name: `no-keytab-${port}`, port, authentication: { anonymous: false, integrated: true } });
  await waitForListener(port);
  const ccache = kdc.kinit('alice', passwords.alice);
  const refused = gssapiClient(port, ccache, 'smtp@relay.test', ['--source-address', '127.0.26.1']);
  assert.doesNotMatch(refused.ehlo_auth ?? '', /GSSAPI/);
  assert.match(refused.auth ?? '', /^504 /, JSON.stringify(refused));
  const texts = [fx!.relay.output()];
  for (const path of ['/v1/virtual-servers', '/v1/audit-log?limit=1000', '/v1/export', '/v1/export?format=hcl']) {
    const response = await fx!.relay.api('GET', path);
    assert.equal(response.status, 200, path);
    texts.push(response.text);
  }
  const everything = texts.join('\n');
  assert.ok(everything.includes(keytabs.get('smtp/relay.test')!.path), 'the keytab path itself is configuration and shows');
  for (const { bytes } of keytabs.values()) {
    for (const form of [bytes.toString('base64'), bytes.toString('hex'), bytes.subarray(-32).toString('base64'), bytes.subarray(-32).toString('hex')]) {
      assert.ok(!everything.includes(form), 'no keytab bytes anywhere');
    }
  }
  // GSS tokens are base64 in the SMTP dialogue; the protocol log must not carry them (a 334 challenge's AP-REP, AP-REQs).
  assert.doesNotMatch(fx!.relay.output(), /YII[A-Za-z0-9+/]{40,}/, 'no GSS-API token (DER, base64 "YII...") in the log');
});

test('the exchange itself: "*" aborts (501), a line that is not base64 ends it (501 5.5.2), no initial response gets "334 "', { skip: kdcSkip }, async () => {
  const { port } = await gssapiServer('smtp/relay.test', 'smtp/relay.test');
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, '127.0.27.1');
  try {
    await dialog.command('EHLO client.relay.test');
    assert.equal((await dialog.command('AUTH GSSAPI')).line, '334 ');
    assert.equal((await dialog.command('*')).line, '501 5.7.0 Authentication aborted');
    assert.equal((await dialog.command('AUTH GSSAPI not*base64')).line, '501 5.5.2 Invalid base64 in the authentication exchange');
    assert.equal((await dialog.command('AUTH GSSAPI YWJj ZGVm')).code, 501);
    // A token that is base64 but no Kerberos token: the mechanism refuses it like bad credentials.
    assert.equal((await dialog.command('AUTH GSSAPI bm90IGEgdG9rZW4=')).line, '535 5.7.8 Authentication credentials invalid');
  } finally {
    dialog.close();
  }
});

test('a keytab that cannot be read is a temporary failure (454 4.7.0), not a refusal of the client', { skip: kdcSkip }, async () => {
  const port = await freePort();
  await fx!.operator.createServer({
    name: `missing-keytab-${port}`, port, fqdn: 'relay.test',
    authentication: { anonymous: false, integrated: true, kerberos_keytab_path: '/nonexistent/relay.keytab' },
  });
  await waitForListener(port);
  const result = gssapiClient(port, kdc.kinit('alice', passwords.alice), 'smtp@relay.test', ['--source-address', '127.0.28.1']);
  assert.equal(result.auth, '454 4.7.0 Temporary authentication failure', JSON.stringify(result));
  for (const deadline = Date.now() + 3_000; !/\/nonexistent\/relay\.keytab.*smtp auth GSSAPI unavailable/.test(fx!.relay.output());) {
    assert.ok(Date.now() < deadline, 'the log says why GSSAPI is unavailable');
    await new Promise((r) => setTimeout(r, 100));
  }
});

test.after(async () => {
  await kdc?.stop();
});
