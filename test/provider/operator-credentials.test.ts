// Acceptance test: a provider configured with an operator's username/password manages its virtual server and gets a clear 403 elsewhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

const PASSWORD = 'operator-Pa55-xyz';
const managed = (to: string, id: string, port: number, body: string) => `
import {
  to = smtp_virtual_server.${to}
  id = "${id}"
}

resource "smtp_virtual_server" "${to}" {
  name = "${to}"
  port = ${port}
  ${body}
}`;

describe('operator credentials', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let tf: TerraformWorkspace;
  const servers: Record<'a' | 'b', { id: string; port: number }> = { a: { id: '', port: 0 }, b: { id: '', port: 0 } };

  before(async () => {
    relay = await startTestRelay({ mode: 'child-process' });
    const account = await relay.api('POST', '/v1/accounts', { name: 'opal', domain: 'CORP', password_wo: PASSWORD, password_wo_version: 1 });
    assert.equal(account.status, 201, account.text);
    for (const name of ['a', 'b'] as const) {
      const port = await freePort();
      const created = await relay.api('POST', '/v1/virtual-servers', { name, port });
      assert.equal(created.status, 201, created.text);
      servers[name] = { id: created.body.id, port };
    }
    const operator = await relay.api('POST', `/v1/virtual-servers/${servers.a.id}/operators`, { account_id: account.body.id });
    assert.equal(operator.status, 201, operator.text);
    tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl } });
  });
  after(async () => {
    tf?.dispose();
    await relay?.dispose();
  });

  const provider = `provider "smtp" {\n  username = "CORP\\\\opal"\n  password = "${PASSWORD}"\n}`;

  test('an operator of server A changes A, asks A\'s relay policy, and gets "Permission denied" for server B', async () => {
    const a = managed('a', servers.a.id, servers.a.port, 'limits = { max_connections = 7 }');
    const check = `
data "smtp_relay_check" "a" {
  virtual_server_id = smtp_virtual_server.a.id
  client_ip         = "198.51.100.7"
  sender            = "x@example.net"
  recipient         = "y@example.org"
}
output "decision" { value = data.smtp_relay_check.a.decision }`;
    tf.writeConfig(a + check, provider);
    const applied = await tf.ok('apply', '-auto-approve');
    assert.match(applied.stdout, /1 imported, 0 added, 1 changed, 0 destroyed/);
    const after = (await relay.api('GET', `/v1/virtual-servers/${servers.a.id}`)).body;
    assert.equal(after.limits.max_connections, 7, 'the operator changed its server');
    const audit = (await relay.api('GET', `/v1/audit-log?object_id=${servers.a.id}&limit=1`)).body.items[0];
    assert.match(JSON.stringify(audit.actor), /opal/, 'the change is recorded as the operator\'s');
    assert.equal(JSON.parse((await tf.ok('output', '-json')).stdout).decision.value, 'reject', 'operators may ask their server\'s relay policy');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'clean plan with operator credentials');

    tf.writeConfig(a + check + managed('b', servers.b.id, servers.b.port, 'limits = { max_connections = 3 }'), provider);
    const denied = await tf.run('plan');
    assert.equal(denied.code, 1);
    const stderr = denied.stderr.replace(/\s+/g, ' ');
    assert.match(stderr, /Error: Permission denied/);
    assert.match(stderr, new RegExp(`The provider's credentials may not do this \\(reading smtp_virtual_server ${servers.b.id}\\)\\. Use an admin token or an operator of this virtual server\\.`));
    assert.match(stderr, /HTTP 403, forbidden/);
    assert.equal((await relay.api('GET', `/v1/virtual-servers/${servers.b.id}`)).body.limits.max_connections, 100, 'server B is untouched');

    tf.writeConfig(`${a}\nresource "smtp_virtual_server" "new" {\n  name = "new"\n  port = ${await freePort()}\n}`, provider);
    const create = await tf.run('apply', '-auto-approve');
    assert.equal(create.code, 1);
    assert.match(create.stderr.replace(/\s+/g, ' '), /Permission denied.*\(creating smtp_virtual_server\)/);
    assert.equal((await relay.api('GET', '/v1/virtual-servers')).body.items.length, 2, 'no server was created');
  });
});
