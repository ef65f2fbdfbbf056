// Postfix configuration syntax as the import reads it: main.cf continuations, comments, $name expansion with
// defaults, master.cf listeners with -o overrides, lookup tables, and errors that name the file and line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TableReader } from '../../relay-service/src/import/postfix/lookup-table.ts';
import { Parameters, parseMainCf } from '../../relay-service/src/import/postfix/main-cf.ts';
import { parseMasterCf } from '../../relay-service/src/import/postfix/master-cf.ts';
import { PostfixConfigError } from '../../relay-service/src/import/postfix/postconf-syntax.ts';

const mainCf = (text: string) => new Parameters(parseMainCf(text, 'main.cf'));

test('continuation lines join the previous line; comment and blank lines are skipped, even inside a continued value', () => {
  const p = mainCf('# header\nmynetworks = 127.0.0.0/8,\n\n  # a comment between\n    [::1]/128\n\nmyhostname=mx.example.com   \n');
  assert.equal(p.get('mynetworks'), '127.0.0.0/8, [::1]/128');
  assert.equal(p.get('myhostname'), 'mx.example.com');
  assert.deepEqual(p.set('mynetworks')?.at, { file: 'main.cf', line: 2 });
});

test('a later line wins, as in Postfix; a # after the value is part of it', () => {
  const p = mainCf('relayhost = [a.example]\nrelayhost = [b.example] # not a comment\n');
  assert.equal(p.get('relayhost'), '[b.example] # not a comment');
});

test('$name, ${name}, $(name) and the ? and : forms expand; defaults and mydomain derived from myhostname apply', () => {
  const p = mainCf('myhostname = mail.corp.example\nx = $myhostname ${mydomain} $(config_directory)\ny = ${relayhost?has relay}${relayhost:no relay}\n');
  assert.equal(p.get('x'), 'mail.corp.example corp.example /etc/postfix');
  assert.equal(p.get('y'), 'no relay');
  assert.equal(p.get('mydestination'), 'mail.corp.example, localhost.corp.example, localhost', 'the default refers to $myhostname and $mydomain');
  assert.equal(p.get('smtpd_relay_restrictions'), 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination');
  assert.equal(p.with([{ name: 'relayhost', value: '[r.example]', at: { file: 'master.cf', line: 3 } }]).get('y'), 'has relay', '-o overrides win');
});

test('errors name the file and line: no "=", a bad name, a leading continuation, an unknown or looping $reference', () => {
  const fails = (text: string, message: RegExp, name = 'x') => assert.throws(() => mainCf(text).get(name), (e: unknown) => e instanceof PostfixConfigError && message.test(e.message));
  fails('a = 1\nthis line has no equals sign\n', /^main\.cf:2: expected "name = value"/);
  fails('bad name = 1\n', /^main\.cf:1: "bad name" is not a parameter name/);
  fails('  leading = continuation\n', /^main\.cf:1: a line starting with whitespace continues/);
  fails('a = 1\nx = $no_such_parameter\n', /^main\.cf:2: x refers to \$no_such_parameter, which is not set/);
  fails('x = $y\ny = $x\n', /^main\.cf:1: \$x refers to itself \(x -> y -> x\)/);
});

test('master.cf: inet smtpd services are listeners with host, port and -o overrides (both forms); other services are not', () => {
  const master = parseMasterCf([
    '# comment',
    'smtp      inet  n - y - - smtpd',
    '127.0.0.1:2525 inet n - n - - smtpd',
    '  -o smtpd_tls_security_level=encrypt',
    '  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }',
    'submission inet n - y - - smtpd -o smtpd_sasl_auth_enable=yes',
    'pickup    unix  n - y 60 1 pickup',
  ].join('\n'), 'master.cf');
  assert.deepEqual(master.listeners.map((l) => [l.service, l.host, l.port, l.at.line]), [['smtp', undefined, 25, 2], ['127.0.0.1:2525', '127.0.0.1', 2525, 3], ['submission', undefined, 587, 6]]);
  assert.deepEqual(master.listeners[1].overrides.map((o) => [o.name, o.value]), [['smtpd_tls_security_level', 'encrypt'], ['smtpd_client_restrictions', 'permit_sasl_authenticated, reject']]);
  assert.deepEqual(master.others.map((o) => o.service), ['pickup/unix']);
  assert.throws(() => parseMasterCf('smtp inet n - y smtpd\n', 'master.cf'), /^Error: master\.cf:1: expected 8 fields/);
  assert.throws(() => parseMasterCf('nosuch inet n - y - - smtpd\n', 'master.cf'), /master\.cf:1: "nosuch": the port "nosuch" is neither a number nor one of smtp/);
});

test('tables are read from the config dir (hash: from the source beside the .db), keys of hash tables lower-cased; errors name the line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-tables-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'transport'), '# comment\nExample.COM   smtp:[mx.example.com]:2525\n.sub.example  relay:\n');
  writeFileSync(join(dir, 'broken'), 'keywithoutvalue\n');
  const tables = new TableReader(dir, '/etc/postfix');
  const at = { file: 'main.cf', line: 7 };
  const table = tables.read('hash:/etc/postfix/transport.db', at);
  assert.deepEqual(table.entries.map((e) => [e.key, e.value, e.at.line]), [['example.com', 'smtp:[mx.example.com]:2525', 2], ['.sub.example', 'relay:', 3]]);
  assert.throws(() => tables.read('hash:/etc/postfix/missing', at), /^Error: main\.cf:7: cannot read the hash table \/etc\/postfix\/missing \(looked for .*missing\): ENOENT/);
  assert.throws(() => tables.read('ldap:/etc/postfix/ldap.cf', at), /main\.cf:7: "ldap:\/etc\/postfix\/ldap\.cf" is not a lookup table the import reads/);
  assert.throws(() => tables.read('texthash:broken', at), /broken:1: expected "key value"/);
});
