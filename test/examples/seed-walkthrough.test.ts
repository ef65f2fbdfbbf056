// examples/seed-walkthrough (every IIS 6 SMTP security procedure in one configuration) applied against a real
// relay and a real directory (slapd): it plans clean, real SMTP sessions on loopback prove three of its settings
// with a domain user's password, and removing a DN from the operators set takes that operator's rights away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { freePort } from '../support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd } from '../support/slapd.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';
import { copyExamples } from './example-files.ts';

const ALICE_PASSWORD = slapdPasswords.alice;
const SCANNER_PASSWORD = 'scanner-Walkthrough-1';
const plain = (user: string, password: string) => `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

if (!acceptance.enabled) {
  test('seed walkthrough example', { skip: acceptance.skipReason }, () => {});
} else {
  test('seed walkthrough applies, plans clean and is enforced on real SMTP connections', async (t) => {
    const ldap = await startTestSlapd();
    t.after(() => ldap.stop());
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    // The test tree is OpenLDAP's (nested groups by member searches); its users also carry the AD attributes.
    const directory = {
      flavor: 'openldap', urls: [ldap.ldapsUrl], tls_ca_pem: ldap.caPem, bind_dn: ldap.bindDn,
      user_search_base: `ou=people,${slapdSuffix}`, group_search_base: `ou=groups,${slapdSuffix}`,
    };
    // relay-admins has carol and, through the nested group helpdesk, bob; alice is named by her own DN.
    const operators = [ldap.groupDn('relay-admins'), ldap.userDn('alice')];
    const tf = await terraformWorkspace({
      env: {
        SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token, TF_VAR_directory: JSON.stringify(directory),
        TF_VAR_directory_bind_password: ldap.bindPassword, TF_VAR_scanner_password: SCANNER_PASSWORD,
        TF_VAR_operators: JSON.stringify(operators), TF_VAR_smart_host_password: 'isp-secret', TF_VAR_partner_password: 'partner-secret',
      },
    });
    t.after(() => tf.dispose());
    const ports = copyExamples(tf.dir, ['seed-walkthrough/main.tf'], [await freePort(), await freePort()]);
    const edge = ports.get(2525)!;
    const intake = ports.get(2587)!;

    const apply = await tf.ok('apply', '-auto-approve');
    assert.match(apply.stdout, /Apply complete! Resources: 14 added, 0 changed, 0 destroyed/);
    assert.doesNotMatch(apply.stdout + apply.stderr, /Check block assertion failed/);
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
    await waitForListener(edge);
    await waitForListener(intake);

    // 1. Connection control, "single computer": 127.0.0.66 is refused before any command.
    const refused = await SmtpDialog.open('127.0.0.1', edge, '127.0.0.66');
    assert.match(refused.greeting.line, /^554 5\.7\.1 /);
    assert.ok(await refused.dialog.waitClosed(), 'the refused client is disconnected');

    // 2. "Require TLS encryption" (+128-bit): MAIL before STARTTLS is refused; after a TLS 1.2+ handshake,
    //    basic authentication with the default domain (bare "alice" = CORP\alice) and MAIL are accepted.
    const tls = await SmtpDialog.open('127.0.0.1', edge, '127.0.0.7');
    t.after(() => tls.dialog.close());
    assert.equal(tls.greeting.code, 220);
    assert.equal((await tls.dialog.command('EHLO client.example')).code, 250);
    assert.match((await tls.dialog.command('MAIL FROM:<app@corp.example>')).line, /^530 5\.7\.0 Must issue a STARTTLS command first/);
    const secure = await tls.dialog.startTls({ minVersion: 'TLSv1.2' });
    assert.ok(['TLSv1.2', 'TLSv1.3'].includes(secure.getProtocol() ?? ''), String(secure.getProtocol()));
    assert.ok((await tls.dialog.command('EHLO client.example')).text.includes('AUTH'), 'AUTH is offered inside TLS');
    assert.equal((await tls.dialog.command(plain('alice', ALICE_PASSWORD))).code, 235);
    assert.equal((await tls.dialog.command('MAIL FROM:<alice@corp.example>')).code, 250);
    assert.equal((await tls.dialog.command('RCPT TO:<someone@example.org>')).code, 250, 'authenticated clients may relay');

    // 3. Relay "all except the list" with 127.0.0.0/24 listed: an anonymous client there may not relay,
    //    the same client relays once authenticated ("allow all computers which successfully authenticate").
    const local = await SmtpDialog.open('127.0.0.1', intake, '127.0.0.8');
    t.after(() => local.dialog.close());
    assert.equal((await local.dialog.command('EHLO client.example')).code, 250);
    assert.equal((await local.dialog.command('MAIL FROM:<app@corp.example>')).code, 250);
    assert.match((await local.dialog.command('RCPT TO:<someone@example.org>')).line, /^550 5\.7\.1 /);
    assert.equal((await local.dialog.command('RCPT TO:<postmaster@corp.example>')).code, 250, 'local domains need no relay permission');
    assert.equal((await local.dialog.command('RSET')).code, 250);
    assert.equal((await local.dialog.command(plain('alice', ALICE_PASSWORD))).code, 235);
    assert.equal((await local.dialog.command('MAIL FROM:<alice@corp.example>')).code, 250);
    assert.equal((await local.dialog.command('RCPT TO:<someone@example.org>')).code, 250);

    // The local user (a scanner) signs in next to the directory's users.
    const scanner = await SmtpDialog.open('127.0.0.1', intake, '127.0.0.9');
    t.after(() => scanner.dialog.close());
    assert.equal((await scanner.dialog.command('EHLO scanner.example')).code, 250);
    assert.equal((await scanner.dialog.command(plain('scanner', SCANNER_PASSWORD))).code, 235);

    // Security tab > Operators: carol and bob (members of relay-admins) and alice manage edge with their directory passwords.
    const edgeId = tf.attributes('smtp_virtual_server.edge').id;
    const readEdge = async (user: string, password: string) => (await relay.api('GET', `/v1/virtual-servers/${edgeId}`, undefined, basic(`CORP\\${user}`, password))).status;
    assert.deepEqual([await readEdge('carol', slapdPasswords.carol), await readEdge('bob', slapdPasswords.bob), await readEdge('alice', ALICE_PASSWORD)], [200, 200, 200]);

    // Operators > Remove: drop alice's DN from the set; her rights end with the apply, the group's members keep theirs.
    const removal = await tf.ok('apply', '-auto-approve', '-var', `operators=${JSON.stringify([ldap.groupDn('relay-admins')])}`);
    assert.match(removal.stdout, /Resources: 0 added, 0 changed, 1 destroyed/);
    const left = await relay.api('GET', `/v1/virtual-servers/${edgeId}/operators`);
    assert.equal(left.body.items.length, 1);
    assert.deepEqual([await readEdge('carol', slapdPasswords.carol), await readEdge('bob', slapdPasswords.bob), await readEdge('alice', ALICE_PASSWORD)], [200, 200, 403]);
  });
}
