// Acceptance test: credentials set in a provider block win over exported SMTP_RELAY_* variables, in both directions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const PASSWORD = 'operator-Pa55-xyz';

describe('provider credentials: the block wins, the environment fills', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let serverId = '';

  before(async () => {
    relay = await startTestRelay({ mode: 'child-process' });
    const account = await relay.api('POST', '/v1/accounts', { name: 'opal', domain: 'CORP', password_wo: PASSWORD, password_wo_version: 1 });
    assert.equal(account.status, 201, account.text);
    const server = await relay.api('POST', '/v1/virtual-servers', { name: 'shared', port: await freePort() });
    assert.equal(server.status, 201, server.text);
    serverId = server.body.id;
    const operator = await relay.api('POST', `/v1/virtual-servers/${serverId}/operators`, { account_id: account.body.id });
    assert.equal(operator.status, 201, operator.text);
  });
  after(async () => {
    await relay?.dispose();
  });

  /** The actor the audit log recorded for the latest change of `objectId`. */
  const actorOf = async (objectId: string) => JSON.stringify((await relay.api('GET', `/v1/audit-log?object_id=${objectId}&limit=1`)).body.items[0]?.actor);

  test('with SMTP_RELAY_TOKEN exported, an alias with username/password (token = null) acts as that account', async (t) => {
    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
    t.after(() => tf.dispose());
    tf.writeConfig(`
resource "smtp_virtual_server" "by_admin" {
  name = "by-admin"
  port = ${await freePort()}
}

resource "smtp_relay_rule" "by_operator" {
  provider          = smtp.op
  virtual_server_id = "${serverId}"
  cidr              = "10.20.0.0/16"
}

output "ids" { value = [smtp_virtual_server.by_admin.id, smtp_relay_rule.by_operator.id] }`, `provider "smtp" {}

provider "smtp" {
  alias    = "op"
  token    = null
  username = "CORP\\\\opal"
  password = "${PASSWORD}"
}`);
    const applied = await tf.run('apply', '-auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    assert.doesNotMatch(applied.stderr, /Conflicting credentials/);
    const [adminMade, operatorMade] = JSON.parse((await tf.ok('output', '-json')).stdout).ids.value as string[];
    assert.doesNotMatch(await actorOf(adminMade), /opal/, 'the default block used the exported admin token');
    assert.match(await actorOf(operatorMade), /opal/, 'the alias used its own username/password, not the exported token');
    await tf.ok('destroy', '-auto-approve');
  });

  test('with SMTP_RELAY_USERNAME/PASSWORD exported, a token in the block is used', async (t) => {
    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_USERNAME: 'CORP\\opal', SMTP_RELAY_PASSWORD: PASSWORD } });
    t.after(() => tf.dispose());
    const server = `
resource "smtp_virtual_server" "by_admin" {
  name = "by-admin-2"
  port = ${await freePort()}
}`;
    tf.writeConfig(server, 'provider "smtp" {}');
    const asOperator = await tf.run('apply', '-auto-approve');
    assert.equal(asOperator.code, 1, 'the exported operator may not create a virtual server');
    assert.match(asOperator.stderr, /Permission denied/);

    tf.writeConfig(server, `provider "smtp" {\n  token = "${relay.token}"\n}`);
    const applied = await tf.run('apply', '-auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    assert.doesNotMatch(applied.stderr, /Conflicting credentials/);
    await tf.ok('destroy', '-auto-approve');
  });

  test('username in the block and SMTP_RELAY_PASSWORD exported make one set; token and username both in the block conflict', async (t) => {
    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token, SMTP_RELAY_PASSWORD: PASSWORD } });
    t.after(() => tf.dispose());
    const rule = `
resource "smtp_relay_rule" "r" {
  virtual_server_id = "${serverId}"
  cidr              = "10.30.0.0/16"
}`;
    tf.writeConfig(rule, 'provider "smtp" {\n  username = "CORP\\\\opal"\n}');
    await tf.ok('apply', '-auto-approve');
    assert.match(await actorOf((await tf.state()).values.root_module.resources[0].values.id), /opal/);
    await tf.ok('destroy', '-auto-approve');

    tf.writeConfig(rule, `provider "smtp" {\n  token    = "${relay.token}"\n  username = "CORP\\\\opal"\n}`);
    const conflict = await tf.run('plan');
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Conflicting credentials/);
  });
});
