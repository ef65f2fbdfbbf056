// Acceptance test of the ephemeral resource smtp_token with the real terraform binary: the example configuration
// (an aliased provider acting as the account) plus an XOAUTH2 login with the token in a local-exec provisioner, from a
// saved plan; the token works during the run, is in neither the plan file, the state nor the (debug) output, and is
// revoked afterwards.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { apiClient } from '../support/api-client.ts';
import { freePort } from '../support/free-port.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, exec, type TerraformWorkspace } from '../support/terraform.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { copyExamples } from '../examples/example-files.ts';

const LOGIN_SCRIPT = fileURLToPath(new URL('./fixtures/smtp-token/xoauth2-login.mjs', import.meta.url));
/** Every token the relay issues starts with this (bearer-token.ts); the admin token the test uses does not. */
const ISSUED_TOKEN = /srt_[A-Za-z0-9_-]{20,}/;

/** The provisioner: an XOAUTH2 login as alice with the ephemeral token (the script exits 1 unless it gets 235). */
const loginConfig = (port: number, dir: string) => `
resource "terraform_data" "xoauth2_login" {
  provisioner "local-exec" {
    command = "${process.execPath} ${join(dir, 'xoauth2-login.mjs')}"
    environment = {
      SMTP_TOKEN   = ephemeral.smtp_token.alice.token
      SMTP_PORT    = "${port}"
      SMTP_USER    = "CORP\\\\alice"
      REPLIES_FILE = "${join(dir, 'replies.txt')}"
      TOKEN_FILE   = "${join(dir, 'token.txt')}"
    }
  }
}
`;

describe('ephemeral smtp_token', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let tf: TerraformWorkspace;
  let aliceId: string;
  let serverId: string;
  let port: number;

  before(async () => {
    const operator = relayOperator(acc.relay.api);
    aliceId = await operator.createAccount('alice', 'CORP', 'alice-Secret-1');
    port = await freePort();
    serverId = (await operator.createServer({ name: 'edge', port, authentication: { anonymous: false, basic: false, integrated: true } })).id;
    assert.equal((await acc.relay.api('POST', `/v1/virtual-servers/${serverId}/operators`, { account_id: aliceId })).status, 201);
    await waitForListener(port, '127.0.0.1', 20_000);
    tf = await acc.workspace({
      TF_VAR_relay_endpoint: acc.relay.apiUrl, TF_VAR_relay_token: acc.relay.token, TF_VAR_alice_account_id: aliceId, TF_LOG_PROVIDER: 'debug',
    });
  });

  const tokenAudit = async () => {
    const items: Array<{ action: string }> = (await acc.relay.api('GET', `/v1/audit-log?object_id=${aliceId}`)).body.items;
    return { issued: items.filter((e) => e.action === 'issue_token').length, revoked: items.filter((e) => e.action === 'revoke_token').length };
  };

  test('from a saved plan: the aliased provider and an XOAUTH2 login use the token; plan file and state never hold it; it is revoked after the run', async () => {
    copyExamples(tf.dir, ['provider/provider.tf', 'ephemeral-resources/smtp_token/ephemeral-resource.tf']);
    cpSync(LOGIN_SCRIPT, join(tf.dir, 'xoauth2-login.mjs'));
    writeFileSync(join(tf.dir, 'login.tf'), loginConfig(port, tf.dir));

    // The plan opens a token too (the aliased provider reads the data source with it) and closes it again.
    const plan = await tf.ok('plan', '-out=tfplan');
    assert.deepEqual(await tokenAudit(), { issued: 1, revoked: 1 }, 'the plan\'s token was revoked when the plan ended');
    const entries = await exec('unzip', ['-p', 'tfplan'], tf.dir, process.env, 30_000);
    assert.equal(entries.code, 0, entries.stderr);
    assert.ok(entries.stdout.includes(serverId), 'the unzipped plan holds the data source result (the check below reads real content)');
    assert.doesNotMatch(entries.stdout, ISSUED_TOKEN, 'no issued token in any entry of the plan file');
    assert.doesNotMatch(readFileSync(join(tf.dir, 'tfplan'), 'latin1'), ISSUED_TOKEN, 'nor in its raw bytes');
    const shown = await tf.ok('show', '-json', 'tfplan');
    assert.doesNotMatch(shown.stdout, ISSUED_TOKEN);

    const apply = await tf.ok('apply', 'tfplan');
    const token = readFileSync(join(tf.dir, 'token.txt'), 'utf8');
    const output = plan.stdout + plan.stderr + apply.stdout + apply.stderr;
    assert.match(output, /relay API request:(?=.*method=DELETE)(?=.*path=\/v1\/tokens\/[0-9a-f]{64}\b)/, 'the provider\'s debug log is in the output, the revocation included');
    assert.doesNotMatch(output, ISSUED_TOKEN, 'no token in Terraform\'s output or the provider\'s debug log');
    assert.match(token, ISSUED_TOKEN, 'the provisioner got the token');
    assert.match(readFileSync(join(tf.dir, 'replies.txt'), 'utf8'), /^235 /m, 'the XOAUTH2 login with it succeeded during the run');
    const state = await tf.state();
    const read = state.values.root_module.resources.find((r: any) => r.address === 'data.smtp_virtual_server.operated_by_alice');
    assert.deepEqual([read?.values.id, read?.values.name, read?.values.port], [serverId, 'edge', port], 'the provider acting as alice read her virtual server');
    for (const text of [tf.stateFile(), JSON.stringify(state)]) {
      assert.ok(!text.includes(token), 'the token is not in the state');
      assert.doesNotMatch(text, ISSUED_TOKEN);
    }

    // Terraform closed the ephemeral resource: the token no longer works, for the API nor for SMTP AUTH.
    assert.deepEqual(await tokenAudit(), { issued: 2, revoked: 2 });
    assert.equal((await apiClient(acc.relay.apiUrl, token)('GET', `/v1/virtual-servers/${serverId}`)).status, 401);
    const login = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { type: 'OAuth2', user: 'CORP\\alice', accessToken: token } } as any);
    await assert.rejects(login.verify(), (error: any) => /^535 5\.7\.8/.test(error.response), 'XOAUTH2 with the revoked token is refused');
  });

  test('a bad ttl is a validation error on the attribute; the admin without account_id gets the relay\'s error', async () => {
    const bad = await acc.workspace();
    bad.writeConfig(`ephemeral "smtp_token" "short" {\n  account_id  = "${aliceId}"\n  ttl_seconds = 10\n}`);
    const short = await bad.run('plan');
    assert.equal(short.code, 1, short.stdout);
    assert.match(short.stderr.replace(/\s+/g, ' '), /with ephemeral\.smtp_token\.short, .* Attribute ttl_seconds value must be a whole number between 60 and 2592000, got: 10/);
    bad.writeConfig('ephemeral "smtp_token" "nobody" {}');
    const missing = await bad.run('plan');
    assert.equal(missing.code, 1, missing.stdout);
    assert.match(missing.stderr.replace(/\s+/g, ' '), /Error: Invalid attribute value with ephemeral\.smtp_token\.nobody, .* is required when the admin issues a token/);
    assert.deepEqual(await tokenAudit(), { issued: 2, revoked: 2 }, 'nothing issued');
  });
});
