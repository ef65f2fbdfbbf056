// Acceptance (TF_ACC=1): the HCL imported from the fixture Postfix config dir validates, is fmt clean, applies to a real
// relay, plans clean, and the relay then answers nodemailer clients from listed and unlisted loopback addresses,
// with and without STARTTLS and AUTH, as main.cf says.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Client {
  from: string;
  starttls?: boolean;
  auth?: { user: string; pass: string };
}

/**
 * Sends one message from `client.from` (nodemailer's localAddress) to `to`; resolves to 250 when accepted, else the
 * SMTP reply code that refused it (greeting, AUTH, MAIL or RCPT), or the rejected recipients' codes.
 */
async function send(port: number, client: Client, to: string | string[], text = 'migrated from Postfix'): Promise<{ code: number; rejected: number }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1', port, localAddress: client.from, secure: false,
    ignoreTLS: !client.starttls, requireTLS: client.starttls === true, tls: { rejectUnauthorized: false }, auth: client.auth,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    const info = await transport.sendMail({ from: 'app@corp.example', to, text });
    return { code: 250, rejected: info.rejected.length };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    assert.ok(code !== undefined, `an SMTP reply refused the message: ${(error as Error).message}`);
    return { code, rejected: 0 };
  } finally {
    transport.close();
  }
}

if (!acceptance.enabled) {
  test('import postfix acceptance', { skip: acceptance.skipReason }, () => {});
} else {
  test('the imported Postfix listener applies, plans clean and accepts and refuses SMTP as main.cf says', async (t) => {
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const port = await freePort();
    const configDir = join(relay.dataDir, 'postfix');
    cpSync(join(repoRoot, 'test/import/fixtures/postfix-relay'), configDir, { recursive: true });
    writeFileSync(join(configDir, 'master.cf'), readFileSync(join(configDir, 'master.cf'), 'utf8').replace('127.0.0.1:2525 ', `127.0.0.1:${port} `));
    const imported = spawnSync(process.execPath, ['relay-service/bin/smtp-relay.mjs', 'import', 'postfix', '--config-dir', configDir], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(imported.status, 0, imported.stderr);

    // The passwords of smtp_sasl_password_maps are write-only variables set before the first apply.
    const vs = `postfix_127_0_0_1_${port}`;
    const tf = await terraformWorkspace({ env: {
      SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token,
      [`TF_VAR_${vs}_smart_host_password`]: 'smart-host-secret', [`TF_VAR_${vs}_partner_example_password`]: 'partner-secret',
    } });
    t.after(() => tf.dispose());
    writeFileSync(join(tf.dir, 'main.tf'), imported.stdout);
    await tf.ok('validate');
    const fmt = await tf.run('fmt', '-check', '-diff');
    assert.equal(fmt.code, 0, `the import is terraform fmt clean:\n${fmt.stdout}${fmt.stderr}`);
    const apply = await tf.ok('apply', '-auto-approve');
    assert.match(apply.stdout, /Apply complete! Resources: 9 added, 0 changed, 0 destroyed/, apply.stdout);
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
    for (const secret of ['smart-host-secret', 'partner-secret', 'PRIVATE KEY']) assert.ok(!tf.stateFile().includes(secret), `${secret} is not in the state`);

    // The users of Postfix's SASL (Dovecot) are not in main.cf: the report says to create an account for each.
    const account = await relay.api('POST', '/v1/accounts', { name: 'alice', password_wo: 'alice-secret' });
    assert.equal(account.status, 201, account.text);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the listener picks up its certificate and accounts

    const alice = { user: 'alice', pass: 'alice-secret' };
    // Setting (main.cf) -> client -> recipient -> expected reply.
    const table: [string, Client, string, number][] = [
      ['mynetworks 127.0.0.0/30 + permit_mynetworks: 127.0.0.2 relays', { from: '127.0.0.2' }, 'user@remote.test', 250],
      ['mynetworks over STARTTLS (smtpd_tls_security_level = may)', { from: '127.0.0.2', starttls: true }, 'user@remote.test', 250],
      ['reject_unauth_destination: 127.0.0.5 is not in mynetworks', { from: '127.0.0.5' }, 'user@remote.test', 550],
      ['STARTTLS alone does not let it relay', { from: '127.0.0.5', starttls: true }, 'user@remote.test', 550],
      ['permit_sasl_authenticated: the same client relays after AUTH (inside TLS)', { from: '127.0.0.5', starttls: true, auth: alice }, 'user@remote.test', 250],
      ['mydestination $mydomain: local mail needs no relay permission', { from: '127.0.0.5' }, 'user@corp.example', 250],
      ['mydestination $myhostname', { from: '127.0.0.5' }, 'user@mail.corp.example', 250],
      ['relay_domains = ${mydomain?legacy.example}: anyone may relay to it', { from: '127.0.0.5' }, 'user@legacy.example', 250],
      ['transport_maps alone does not permit relaying to partner.example', { from: '127.0.0.5' }, 'user@partner.example', 550],
      ['check_client_access cidr: 127.0.0.9 REJECT', { from: '127.0.0.9' }, 'user@corp.example', 554],
      ['check_client_access cidr: 127.0.0.8/31 554', { from: '127.0.0.8' }, 'user@corp.example', 554],
    ];
    for (const [setting, client, recipient, expected] of table) {
      assert.equal((await send(port, client, recipient)).code, expected, setting);
    }
    // AUTH with a wrong password is refused; without STARTTLS AUTH is not offered, so nodemailer cannot log in.
    assert.equal((await send(port, { from: '127.0.0.5', starttls: true, auth: { user: 'alice', pass: 'wrong' } }, 'user@remote.test')).code, 535, 'a wrong password');
    // message_size_limit = 2097152 (2 MiB) and smtpd_recipient_limit = 50.
    assert.equal((await send(port, { from: '127.0.0.2' }, 'user@corp.example', 'x'.repeat(2_500_000))).code, 552, 'message_size_limit');
    const many = await send(port, { from: '127.0.0.2' }, Array.from({ length: 51 }, (_, i) => `user${i + 1}@corp.example`));
    assert.deepEqual(many, { code: 250, rejected: 1 }, 'smtpd_recipient_limit: the 51st recipient is refused');
  });
}
