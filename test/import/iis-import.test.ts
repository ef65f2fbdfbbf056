// The IIS import end to end without a relay: the mapping of the fixture metabase (inheritance, lists, domains), the
// report, stable output through the CLI, and malformed input that stops the import with nothing on stdout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importIis } from '../../relay-service/src/import/iis/iis-import.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = 'test/import/fixtures/two-servers.metabase.xml';
const xml = readFileSync(join(repoRoot, fixture), 'utf8');

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['relay-service/bin/smtp-relay.mjs', 'import', 'iis', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
}

/** Runs the CLI on `text` written to a temp file. */
function cliOn(text: string, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'iis-import-'));
  try {
    writeFileSync(join(dir, 'MetaBase.xml'), text);
    return cli('--metabase', join(dir, 'MetaBase.xml'), ...args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('server 1: own settings, settings inherited from the service node, its relay list over the service\'s, its domains', () => {
  const { configuration: c, reports } = importIis(xml, { server: '1' });
  assert.equal(c.virtualServers.length, 1);
  const vs = c.virtualServers[0];
  assert.deepEqual({ name: vs.name, bind: vs.bind_address, port: vs.port, fqdn: vs.fqdn, local: vs.local_domains },
    { name: '[SMTP Virtual Server #1]', bind: '127.0.0.1', port: 2525, fqdn: 'mail.corp.example', local: ['corp.example'] });
  assert.deepEqual(vs.limits, { max_message_size_kb: 2048, max_recipients_per_message: 50, max_connections: 100000, max_messages_per_connection: 20, connection_timeout_seconds: 300, max_hop_count: 15, max_connections_per_ip: null });
  assert.deepEqual(vs.authentication, { anonymous: true, basic: true, basic_default_domain: 'CORP', integrated: false, kerberos_keytab_path: null, kerberos_service_principal: null });
  assert.deepEqual(vs.connection_control, { mode: 'all_except_listed' }, 'IPSecurity deny list inherited from /LM/SmtpSvc');
  assert.deepEqual(vs.relay_control, { mode: 'only_listed', allow_authenticated: true }, 'the server\'s RelayIpList grant list wins over the service\'s empty one');
  assert.equal(vs.delivery.smart_host, 'smtp.isp.example');
  assert.equal(vs.delivery.smart_host_port, 587);
  assert.equal(vs.delivery.masquerade_domain, 'corp.example', 'MasqueradeDomain and DoMasquerade inherited from /LM/SmtpSvc');
  assert.deepEqual([vs.delivery.outbound_security.authentication, vs.delivery.outbound_security.username, vs.delivery.outbound_security.tls_policy], ['basic', 'relay@corp.example', null]);
  assert.deepEqual([vs.delivery.retry_intervals_minutes, vs.delivery.expiration_hours, vs.delivery.delay_notification_hours], [[10, 20, 40], 48, 12]);
  assert.equal(vs.ndr.send_copy_to, 'postmaster@corp.example');
  assert.equal(vs.drop_directory, undefined, 'a Windows drop directory is left to the relay');
  assert.deepEqual(c.connectionRules.map((r) => [r.ip_address, r.subnet_mask, r.domain]), [['127.0.0.9', null, null], ['192.0.2.0', '255.255.255.0', null], [null, null, 'spam.example']]);
  assert.deepEqual(c.relayRules.map((r) => [r.ip_address, r.subnet_mask, r.domain]),
    [['10.1.0.0', '255.255.0.0', null], ['127.0.0.2', null, null], [null, null, 'host.partner.example'], [null, null, 'trusted.example']]);
  assert.ok([...c.connectionRules, ...c.relayRules].every((r) => r.virtual_server_id === vs.id));
  assert.deepEqual(c.remoteDomains.map((d) => [d.name, d.smart_host, d.outbound_security.authentication, d.outbound_security.username, d.outbound_security.tls_policy, d.allow_incoming_relay]),
    [['*.legacy.example', null, 'anonymous', null, null, true], ['partner.example', '192.0.2.25', 'basic', 'corp-relay', 'encrypt', false]]);

  const lines = reports[0].lines;
  const line = (property: string, from = '/LM/SmtpSvc/1') => lines.find((l) => l.property === property && l.from === from);
  assert.equal(line('MaxMessageSize', '/LM/SmtpSvc')?.outcome, 'limits.max_message_size_kb = 2048', 'inherited values name the service node');
  assert.equal(line('RelayIpList')?.value, 'only 127.0.0.2, 10.1.0.0/255.255.0.0, *.trusted.example, host.partner.example');
  assert.equal(lines.filter((l) => l.property === 'RelayIpList').length, 1, 'the overridden service value is not reported twice');
  assert.equal(line('HopCount', '/LM/SmtpSvc')?.outcome, 'limits.max_hop_count = 15');
  assert.match(line('MasqueradeDomain', '/LM/SmtpSvc')?.outcome ?? '', /^delivery\.masquerade_domain = "corp\.example"/);
  assert.ok(line('MasqueradeDomain', '/LM/SmtpSvc')?.mapped && line('DoMasquerade', '/LM/SmtpSvc')?.mapped);
  assert.deepEqual(vs.dead_letter, { retention_hours: 168, send_notice_to: 'badmail@corp.example' }, 'SendBadTo inherited from /LM/SmtpSvc');
  assert.match(line('SendBadTo', '/LM/SmtpSvc')?.outcome ?? '', /^dead_letter\.send_notice_to = "badmail@corp\.example"/);
  const badMail = line('BadMailDirectory', '/LM/SmtpSvc');
  assert.ok(badMail?.mapped, 'BadMailDirectory maps to the dead-letter store');
  assert.match(badMail.outcome, /dead-letter store, always on .*the directory path has no meaning/);
  for (const unmapped of ['EnableReverseDnsLookup', 'MaxSessionSize', 'MaxOutConnections', 'AdminACL']) {
    const found = lines.find((l) => l.property === unmapped);
    assert.ok(found && !found.mapped && found.outcome.length > 20, `${unmapped} is reported as not mapped with a reason`);
  }
  assert.equal(line('RoutePassword')?.value, '(not shown)', 'a secret value never reaches the report');
  assert.match(reports[0].warnings.join('\n'), /basic authentication to the next hop without TLS: IIS sends these credentials in clear text/);
  assert.match(reports[0].warnings.join('\n'), /basic authentication is accepted without requiring TLS/);
  assert.doesNotMatch(reports[0].warnings.join('\n'), /OPEN RELAY/);
});

test('server 2: inherits the service\'s empty relay list (an open relay, with a warning), grants connections to its own list', () => {
  const { configuration: c, reports } = importIis(xml, { server: '2' });
  const vs = c.virtualServers[0];
  assert.deepEqual([vs.bind_address, vs.port, vs.connection_control.mode, vs.relay_control.mode, vs.relay_control.allow_authenticated], ['0.0.0.0', 2526, 'only_listed', 'all_except_listed', false]);
  assert.deepEqual(c.relayRules, []);
  assert.deepEqual(c.connectionRules.map((r) => r.ip_address), ['127.0.0.1', '127.0.0.2']);
  assert.equal(vs.limits.max_hop_count, 40, 'the server\'s own HopCount wins over the service\'s');
  assert.equal(vs.delivery.masquerade_domain, null, 'DoMasquerade FALSE switches the inherited MasqueradeDomain off');
  const masquerade = reports[0].lines.find((l) => l.property === 'MasqueradeDomain');
  assert.ok(masquerade && !masquerade.mapped && /DoMasquerade is FALSE/.test(masquerade.outcome));
  assert.match(reports[0].warnings.join('\n'), /OPEN RELAY: RelayIpList lets every client relay mail to any domain/);
  assert.match(reports[0].warnings.join('\n'), /SmartHostType 1 tried direct delivery first/);
  assert.match(reports[0].lines.find((l) => l.property === 'ServerBindings')?.outcome ?? '', /not mapped: :2527:/);
});

test('a single server without a service node: IIS defaults where it is silent, no --server needed', () => {
  const { configuration: c, reports } = importIis(readFileSync(join(repoRoot, 'test/import/fixtures/single-server.metabase.xml'), 'utf8'));
  const vs = c.virtualServers[0];
  assert.deepEqual([vs.name, vs.bind_address, vs.port], ['SMTP Virtual Server #3', '0.0.0.0', 25]);
  assert.deepEqual(vs.relay_control, { mode: 'only_listed', allow_authenticated: false }, 'no RelayIpList: nobody relays by address');
  assert.deepEqual(vs.connection_control, { mode: 'all_except_listed' }, 'no IPSecurity: everyone may connect');
  assert.deepEqual(vs.authentication, { anonymous: false, basic: false, basic_default_domain: null, integrated: true, kerberos_keytab_path: null, kerberos_service_principal: null });
  assert.deepEqual(vs.tls, { certificate_id: null, require_tls: true, require_128_bit: true });
  assert.equal(vs.limits.max_message_size_kb, 10_485_760, 'MaxMessageSize 0 (no limit) becomes the largest allowed');
  assert.deepEqual(c.remoteDomains.map((d) => [d.name, d.outbound_security.authentication, d.outbound_security.username]), [['branch.example', 'integrated', 'CORP\\relay']]);
  const { lines, warnings } = reports[0];
  assert.match(lines.find((l) => l.property === 'RouteAction')?.outcome ?? '', /ETRN\/TURN queueing not mapped/);
  assert.match(lines.find((l) => l.property === 'AuthFlags')?.outcome ?? '', /Kerberos \(AUTH GSSAPI\) once authentication\.kerberos_keytab_path names a keytab.*NTLM is not offered/);
  assert.match(warnings.join('\n'), /TLS is required but the certificate is in the Windows store/);
  assert.match(warnings.join('\n'), /integrated authentication to the next hop without TLS/);
  assert.match(warnings.join('\n'), /\/LM\/SmtpSvc\/3\/Root: IIsSmtpVirtualDir not mapped/);
});

test('the CLI: HCL on stdout, the report on stderr and in --report, byte-identical on every run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iis-report-'));
  try {
    const first = cli('--metabase', fixture, '--all', '--report', join(dir, 'report.md'));
    assert.equal(first.status, 0, first.stderr);
    const second = cli('--metabase', fixture, '--all');
    assert.equal(second.stdout, first.stdout, 'the same metabase gives the same HCL');
    assert.equal(second.stderr, first.stderr);
    assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), first.stderr, '--report holds what stderr shows');
    assert.match(first.stderr, /^# IIS SMTP migration report/);
    assert.match(first.stderr, /\| MasqueradeDomain \| \/LM\/SmtpSvc \| corp\.example \| mapped: delivery\.masquerade_domain = "corp\.example"/);
    assert.match(first.stdout, /masquerade_domain += "corp\.example"/);
    assert.match(first.stdout, /max_hop_count += 15/);
    assert.doesNotMatch(first.stdout, /^import \{/m, 'a migration creates the objects');
    assert.equal(first.stdout.match(/^resource "smtp_virtual_server"/gm)?.length, 2);
    assert.equal(first.stdout.match(/^resource "smtp_connection_rule"/gm)?.length, 5);
    assert.equal(first.stdout.match(/^resource "smtp_relay_rule"/gm)?.length, 4);
    assert.equal(first.stdout.match(/^resource "smtp_remote_domain"/gm)?.length, 2);
    assert.match(first.stdout, /password_wo += var\.smtp_virtual_server_1_smart_host_password/);
    assert.ok(!first.stdout.includes('496344627000000024000000'), 'the encrypted RoutePassword blob is not copied');
    const names = [...first.stdout.matchAll(/^resource "(\w+)" "(\w+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
    assert.equal(new Set(names).size, names.length, 'resource addresses are unique');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('operators named with --operator (AdminACL is encrypted): an account placeholder and an operator per virtual server', () => {
  const { configuration: c, reports } = importIis(xml, { all: true, operators: ['CORP\\alice', 'bob', 'CORP\\alice'] });
  assert.deepEqual(c.accounts.map((a) => [a.domain, a.name, a.password_wo_version]), [['', 'bob', null], ['CORP', 'alice', null]]);
  assert.deepEqual(c.operators.map((o) => [o.virtual_server_id, o.account_id]), [
    ['iis-smtpsvc-1', 'iis-account--bob'], ['iis-smtpsvc-1', 'iis-account-corp-alice'], ['iis-smtpsvc-2', 'iis-account--bob'], ['iis-smtpsvc-2', 'iis-account-corp-alice']]);
  assert.match(reports[0].lines.find((l) => l.property === 'AdminACL')?.outcome ?? '', /operators given with --operator \(bob, CORP\\alice\)/);
  assert.throws(() => importIis(xml, { server: '1', operators: ['alice@corp.example'] }), /--operator "alice@corp\.example" must be DOMAIN\\name or name/);
});

test('which server: one of two must be chosen, an unknown number is named', () => {
  const neither = cli('--metabase', fixture);
  assert.equal(neither.status, 2);
  assert.equal(neither.stdout, '');
  assert.match(neither.stderr, /has 2 SMTP virtual servers \(1, 2\): choose one with --server N, or --all/);
  const missing = cli('--metabase', fixture, '--server', '7');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no virtual server 7 \(\/LM\/SmtpSvc\/7\); the metabase has 1, 2/);
  assert.match(cli('--metabase', fixture, '--server', '1', '--all').stderr, /exclude each other/);
});

test('malformed input: a clear error naming the element or line, exit code 2 and nothing on stdout', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated XML', xml.slice(0, xml.indexOf('<IIsSmtpDomain') + 40), /MetaBase\.xml is not well-formed XML at line \d+, column \d+/],
    ['a corrupt IPSECLIST', xml.replace('RelayIpList="1800008020000080500000805800008001', 'RelayIpList="1800008020000080500000805800000001'),
      /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: RelayIpList is a corrupt IPSECLIST: it has the grant name list offset 0x58 at byte 12 without the self-relative bit/],
    ['an unknown property', xml.replace('MaxRecipients="50"', 'MaxRecipients="50"\n\t\tMaxRecipientz="51"'),
      /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: MaxRecipientz is an unknown property/],
    ['an unknown property inherited', xml.replace('HopCount="15"', 'HopCount="15"\n\t\tFrobnicate="1"'),
      /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: Frobnicate \(inherited from \/LM\/SmtpSvc\) is an unknown property/],
    ['a bad DWORD', xml.replace('MaxRecipients="50"', 'MaxRecipients="fifty"'), /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: MaxRecipients must be a DWORD/],
    ['a bad binding', xml.replace('127.0.0.1:2525:', 'localhost:2525:'), /ServerBindings has "localhost", which is not an IP address/],
    ['a domain without its smart host', xml.replace('RouteActionString="[192.0.2.25]"', ''),
      /<IIsSmtpDomain Location="\/LM\/SmtpSvc\/1\/Domain\/partner\.example">: RouteAction forwards to a smart host but RouteActionString is empty/],
    ['a badmail notice address that is not an address', xml.replace('SendBadTo="badmail@corp.example"', 'SendBadTo="badmail at corp"'),
      /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: SendBadTo \(inherited from \/LM\/SmtpSvc\) must be an e-mail address/],
    ['a masquerade domain that is not a domain', xml.replace('MasqueradeDomain="corp.example"', 'MasqueradeDomain="corp example"'),
      /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: MasqueradeDomain \(inherited from \/LM\/SmtpSvc\) must be a domain name/],
    ['not a metabase', '<html><body/></html>', /no <configuration> root element/],
  ];
  for (const [what, text, message] of cases) {
    const result = cliOn(text, '--server', '1');
    assert.equal(result.status, 2, `${what}: exit code`);
    assert.equal(result.stdout, '', `${what}: no partial HCL`);
    assert.match(result.stderr, message, what);
  }
  const unreadable = cli('--metabase', '/nonexistent/MetaBase.xml');
  assert.equal(unreadable.status, 2);
  assert.match(unreadable.stderr, /cannot read \/nonexistent\/MetaBase\.xml: ENOENT/);
});
