// The Postfix import end to end without a relay: the mapping of the fixture config dir, the report and its warnings,
// stable output through the CLI, and malformed input that stops the import with nothing on stdout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPostfix } from '../../relay-service/src/import/postfix/postfix-import.ts';
import { migratePostfix } from '../../relay-service/src/import/postfix/postfix-terraform.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(repoRoot, 'test/import/fixtures/postfix-relay');

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['relay-service/bin/smtp-relay.mjs', 'import', 'postfix', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
}

/** A copy of the fixture with `edit` applied to main.cf (and other files). */
function variant(t: TestContext, edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(fixture, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

test('the fixture: listener, hostname, domains, networks, restrictions, limits, TLS and SASL', () => {
  const { configuration: c, reports } = importPostfix(fixture);
  assert.equal(c.virtualServers.length, 1);
  const vs = c.virtualServers[0];
  assert.deepEqual({ id: vs.id, bind: vs.bind_address, port: vs.port, fqdn: vs.fqdn, local: vs.local_domains },
    { id: 'postfix-127-0-0-1-2525', bind: '127.0.0.1', port: 2525, fqdn: 'mail.corp.example', local: ['corp.example', 'mail.corp.example'] });
  assert.deepEqual([vs.limits.max_message_size_kb, vs.limits.max_recipients_per_message, vs.limits.max_hop_count], [2048, 50, 50], 'hopcount_limit: Postfix\'s default 50');
  assert.deepEqual(vs.authentication, { anonymous: true, basic: true, basic_default_domain: null, integrated: false, kerberos_keytab_path: null, kerberos_service_principal: null });
  assert.deepEqual(vs.tls, { certificate_id: 'postfix-certificate-smtpd', require_tls: false, require_128_bit: false });
  assert.deepEqual(vs.connection_control, { mode: 'all_except_listed' });
  assert.deepEqual(vs.relay_control, { mode: 'only_listed', allow_authenticated: true });
  assert.deepEqual(c.connectionRules.map((r) => [r.ip_address, r.cidr]), [['127.0.0.9', null], [null, '127.0.0.8/31']], 'the REJECT and 554 entries of the cidr table');
  assert.deepEqual(c.relayRules.map((r) => [r.ip_address, r.cidr]), [[null, '127.0.0.0/30'], ['::1', null]], 'mynetworks, [::1]/128 without brackets');
  assert.deepEqual({ host: vs.delivery.smart_host, port: vs.delivery.smart_host_port, auth: vs.delivery.outbound_security.authentication,
    user: vs.delivery.outbound_security.username, tls: vs.delivery.outbound_security.tls_policy },
  { host: 'smarthost.corp.example', port: 587, auth: 'basic', user: 'relayuser', tls: 'encrypt' });
  assert.deepEqual(c.remoteDomains.map((d) => [d.name, d.smart_host, d.smart_host_port, d.allow_incoming_relay, d.outbound_security.authentication, d.outbound_security.tls_policy]), [
    ['*.legacy.example', 'legacy-hub.corp.example', 25, false, 'anonymous', 'opportunistic'],
    ['legacy.example', null, 25, true, 'anonymous', 'encrypt'],
    ['partner.example', 'mx.partner.example', 2526, false, 'basic', 'verify'],
  ]);
  assert.equal(c.certificates.length, 1);
  const lines = Object.fromEntries(reports[0].lines.map((l) => [l.property, l]));
  assert.equal(lines.smtpd_banner.mapped, false);
  assert.equal(lines.syslog_name.from, `${join(fixture, 'master.cf')}:2 (-o)`);
  assert.equal(lines.mynetworks_style.from, 'Postfix default');
});

test('the HCL reads the certificate with file() and holds no password; the report never shows one', () => {
  const { hcl, report } = migratePostfix(fixture);
  assert.match(hcl, new RegExp(`certificate_pem\\s+= file\\("${join(fixture, 'smtpd.crt')}"\\)`));
  assert.match(hcl, new RegExp(`private_key_pem_wo\\s+= file\\("${join(fixture, 'smtpd.key')}"\\)`));
  assert.match(hcl, /password_wo\s+= var\.postfix_127_0_0_1_2525_partner_example_password/);
  for (const secret of ['smart-host-secret', 'partner-secret', 'BEGIN PRIVATE KEY']) {
    assert.ok(!hcl.includes(secret) && !report.includes(secret), `${secret} appears nowhere`);
  }
  assert.match(report, /\| transport_maps \| .*main\.cf:31 \| hash:\/etc\/postfix\/transport \| mapped: 3 entries read/);
  assert.match(report, /WARNING hash:\/etc\/postfix\/transport line 4: lmtp\.example goes to the "lmtp" transport; not mapped/);
});

test('the CLI prints HCL on stdout and the report on stderr, byte-identical on a second run, and writes --report', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = cli('--config-dir', fixture, '--report', join(dir, 'report.md'));
  const second = cli('--config-dir', fixture);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, second.stdout);
  assert.equal(first.stderr, second.stderr);
  assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), first.stderr);
  assert.match(first.stdout, /^# Migrated from Postfix/);
});

test('open relay and credentials without TLS are warnings in the report', (t) => {
  const dir = variant(t, {
    'main.cf': (text) => text
      .replace('smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination', 'smtpd_relay_restrictions = permit, reject_unauth_destination')
      .replace('smtpd_recipient_restrictions =', 'smtpd_recipient_restrictions = permit,')
      .replace('smtp_tls_security_level = encrypt', 'smtp_tls_security_level = may')
      .replace('smtpd_tls_auth_only = yes', 'smtpd_tls_auth_only = no')
      .replace('relayhost = [smarthost.corp.example]:587', 'relayhost = smarthost.corp.example:587'),
    sasl_passwd: (text) => text.replace('[smarthost.corp.example]:587', 'smarthost.corp.example:587'),
  });
  const { configuration, reports } = importPostfix(dir);
  assert.deepEqual(configuration.virtualServers[0].relay_control.mode, 'all_except_listed');
  assert.equal(configuration.relayRules.length, 0);
  const warnings = reports[0].warnings.join('\n');
  assert.match(warnings, /OPEN RELAY: "permit" comes before reject_unauth_destination/);
  assert.match(warnings, /the server route: Postfix sends the credentials of relayuser at TLS level may \(in clear text when the next hop offers no STARTTLS\)/);
  assert.match(warnings, /Postfix accepts passwords in clear text/);
  assert.match(warnings, /relayhost = smarthost\.corp\.example:587 is not in brackets: Postfix looks up the MX records/);
  assert.equal(configuration.virtualServers[0].delivery.outbound_security.tls_policy, 'encrypt', 'credentials only inside TLS');
});

test('only_listed connections from "check_client_access ..., reject", and -o overrides per listener', (t) => {
  const dir = variant(t, {
    client_access: () => '127.0.0.0/30 OK\n127.0.0.5 REJECT\n',
    'main.cf': (text) => text.replace('cidr:/etc/postfix/client_access', 'cidr:/etc/postfix/client_access, reject'),
    'master.cf': (text) => `${text}127.0.0.1:2587 inet n - n - - smtpd -o smtpd_tls_security_level=encrypt -o message_size_limit=0\n`,
  });
  const { configuration: c } = importPostfix(dir);
  assert.deepEqual(c.virtualServers.map((v) => [v.port, v.connection_control.mode, v.tls.require_tls, v.limits.max_message_size_kb]),
    [[2525, 'only_listed', false, 2048], [2587, 'only_listed', true, 10_485_760]]);
  assert.deepEqual(c.connectionRules.map((r) => [r.virtual_server_id, r.cidr]), [['postfix-127-0-0-1-2525', '127.0.0.0/30'], ['postfix-127-0-0-1-2587', '127.0.0.0/30']]);
});

test('malformed input: a syntax error, a missing table, an unknown restriction, no relay guard: file and line, nothing on stdout', (t) => {
  const cases: [Record<string, (text: string) => string>, RegExp][] = [
    [{ 'main.cf': (text) => text.replace('message_size_limit = 2097152', 'message_size_limit 2097152') }, /main\.cf:27: expected "name = value", got "message_size_limit 2097152"/],
    [{ 'main.cf': (text) => text.replace('hash:/etc/postfix/transport', 'hash:/etc/postfix/no-such-transport') }, /main\.cf:31: cannot read the hash table \/etc\/postfix\/no-such-transport/],
    [{ 'main.cf': (text) => text.replace('permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination', 'permit_mynetworks, reject_everyone_I_dislike, reject_unauth_destination') },
      /main\.cf:13: smtpd_relay_restrictions: "reject_everyone_I_dislike" is an unknown restriction/],
    [{ 'main.cf': (text) => text.replace(/reject_unauth_destination/g, 'reject_unauth_pipelining') }, /main\.cf:13: neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has reject_unauth_destination/],
    [{ client_access: (text) => `${text}127.0.0.7 FILTER smtp:[127.0.0.1]:10025\n` }, /client_access:4: the access action "FILTER smtp:\[127\.0\.0\.1\]:10025" cannot be mapped/],
    [{ 'main.cf': (text) => text.replace('mynetworks = 127.0.0.0/30, [::1]/128', 'mynetworks = 127.0.0.0/30, !127.0.0.2') }, /main\.cf:9: mynetworks: "!127\.0\.0\.2" is not an address or network/],
  ];
  for (const [edits, message] of cases) {
    const run = cli('--config-dir', variant(t, edits));
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stdout, '', 'no partial HCL');
    assert.match(run.stderr, message);
  }
  const screened = cli('--config-dir', variant(t, { 'master.cf': () => 'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n' }));
  assert.match(screened.stderr, /master\.cf has no smtpd listener .*master\.cf:1: smtp\/inet runs postscreen, which is not mapped/);
  assert.equal(screened.stdout, '');
  const missing = cli('--config-dir', join(fixture, 'nope'));
  assert.match(missing.stderr, /cannot read .*nope\/main\.cf: ENOENT/);
  assert.equal(missing.stdout, '');
});

test('anvil limits: set rates become per-minute rate_limits, the connection count limit max_connections_per_ip, with the exemption warned', (t) => {
  const dir = variant(t, { 'main.cf': (text) => `${text}\nsmtpd_client_message_rate_limit = 30\nsmtpd_client_recipient_rate_limit = 45\n` +
    'anvil_rate_time_unit = 2m\nsmtpd_client_connection_count_limit = 12\n' });
  const { configuration: c, reports } = importPostfix(dir);
  const vs = c.virtualServers[0];
  assert.equal(vs.limits.max_connections_per_ip, 12);
  assert.equal(vs.rate_limits.messages_per_minute_per_client_ip, 15, '30 per 2 minutes');
  assert.equal(vs.rate_limits.recipients_per_minute_per_client_ip, 23, '45 per 2 minutes, rounded up');
  assert.equal(vs.rate_limits.messages_per_minute_per_sender_domain, null);
  const lines = Object.fromEntries(reports[0].lines.map((l) => [l.property, l]));
  assert.equal(lines.smtpd_client_message_rate_limit.mapped, true);
  assert.match(lines.smtpd_client_message_rate_limit.outcome, /messages_per_minute_per_client_ip = 15 \(120 s anvil_rate_time_unit/);
  assert.equal(lines.anvil_rate_time_unit.mapped, true);
  assert.ok(reports[0].warnings.some((w) => w.includes('smtpd_client_event_limit_exceptions = $mynetworks')), reports[0].warnings.join('\n'));
});

test('anvil limits: unset (Postfix defaults) or 0 map to no limit and no warning', (t) => {
  const { configuration: plain, reports: plainReports } = importPostfix(fixture);
  assert.equal(plain.virtualServers[0].limits.max_connections_per_ip, null, 'Postfix\'s default 50 exempts $mynetworks: not mapped');
  assert.equal(plain.virtualServers[0].rate_limits.messages_per_minute_per_client_ip, null);
  assert.ok(!plainReports[0].warnings.some((w) => w.includes('smtpd_client_event_limit_exceptions')));
  const dir = variant(t, { 'main.cf': (text) => `${text}\nsmtpd_client_message_rate_limit = 0\n` });
  const { configuration: c, reports } = importPostfix(dir);
  assert.equal(c.virtualServers[0].rate_limits.messages_per_minute_per_client_ip, null);
  const line = reports[0].lines.find((l) => l.property === 'smtpd_client_message_rate_limit');
  assert.equal(line?.mapped, true);
  assert.match(line?.outcome ?? '', /no limit/);
  const bad = variant(t, { 'main.cf': (text) => `${text}\nsmtpd_client_message_rate_limit = 5\nanvil_rate_time_unit = soon\n` });
  assert.throws(() => importPostfix(bad), /anvil_rate_time_unit must be a time like 60s or 1m, got "soon"/);
});
