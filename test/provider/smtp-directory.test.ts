// Acceptance tests of smtp_directory and directory-group operators with the real terraform binary, a real relay and a real slapd.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd, type TestSlapd } from '../support/slapd.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

const hcl = (value: string) => JSON.stringify(value).replace(/\$\{/g, '$${');

describe('smtp_directory', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let ldap: TestSlapd;
  let relay: TestRelay;
  const workspaces: TerraformWorkspace[] = [];
  const servers: Record<'a' | 'b', { id: string; port: number }> = { a: { id: '', port: 0 }, b: { id: '', port: 0 } };
  const workspace = async (env: Record<string, string>) => {
    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, ...env } });
    workspaces.push(tf);
    return tf;
  };

  before(async () => {
    ldap = await startTestSlapd();
    relay = await startTestRelay({ mode: 'child-process' });
    for (const name of ['a', 'b'] as const) {
      const port = await freePort();
      const created = await relay.api('POST', '/v1/virtual-servers', { name, port });
      assert.equal(created.status, 201, created.text);
      servers[name] = { id: created.body.id, port };
    }
  });
  after(async () => {
    for (const tf of workspaces) tf.dispose();
    await relay?.dispose();
    await ldap?.stop();
  });

  const directory = (extra = '') => `
resource "smtp_directory" "corp" {
  name                     = "corp"
  domain                   = "CORP"
  flavor                   = "openldap"
  urls                     = [${hcl(ldap.ldapsUrl)}]
  tls_ca_pem               = ${hcl(ldap.caPem)}
  bind_dn                  = ${hcl(ldap.bindDn)}
  bind_password_wo         = ${hcl(ldap.bindPassword)}
  bind_password_wo_version = 1
  user_search_base         = ${hcl(`ou=people,${slapdSuffix}`)}
  group_search_base        = ${hcl(`ou=groups,${slapdSuffix}`)}
  ${extra}
}

resource "smtp_operator" "admins" {
  virtual_server_id = ${hcl(servers.a.id)}
  directory_id      = smtp_directory.corp.id
  directory_dn      = ${hcl(ldap.groupDn('relay-admins'))}
}`;

  test('create, clean plan, no bind password in state, drift corrected, import by id', async () => {
    const tf = await workspace({ SMTP_RELAY_TOKEN: relay.token });
    tf.writeConfig(directory());
    await tf.ok('apply', '-auto-approve');
    const state = await tf.state();
    const resource = state.values.root_module.resources.find((r: any) => r.address === 'smtp_directory.corp').values;
    assert.equal(resource.bind_password_wo, null);
    assert.equal(resource.timeout_seconds, 5, 'defaults are in state');
    assert.doesNotMatch(tf.stateFile(), new RegExp(ldap.bindPassword));
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    const patched = await relay.api('PATCH', `/v1/directories/${resource.id}`, { timeout_seconds: 9 });
    assert.equal(patched.status, 200, patched.text);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /~ timeout_seconds\s+= 9 -> 5/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await relay.api('GET', `/v1/directories/${resource.id}`)).body.timeout_seconds, 5);

    const imported = await workspace({ SMTP_RELAY_TOKEN: relay.token });
    imported.writeConfig(`import {\n  to = smtp_directory.corp\n  id = "${resource.id}"\n}\n${directory().split('resource "smtp_operator"')[0]}`);
    const plan = await imported.ok('plan');
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
  });

  test('a member of the directory group applies its server with directory credentials in the provider block, and gets 403 on another', async () => {
    const tf = await workspace({});
    const provider = `provider "smtp" {\n  username = "CORP\\\\carol"\n  password = ${hcl(slapdPasswords.carol)}\n}`;
    const managed = (to: 'a' | 'b', connections: number) => `
import {
  to = smtp_virtual_server.${to}
  id = "${servers[to].id}"
}
resource "smtp_virtual_server" "${to}" {
  name   = "${to}"
  port   = ${servers[to].port}
  limits = { max_connections = ${connections} }
}`;
    tf.writeConfig(managed('a', 7), provider);
    const applied = await tf.ok('apply', '-auto-approve');
    assert.match(applied.stdout, /1 imported, 0 added, 1 changed, 0 destroyed/);
    assert.equal((await relay.api('GET', `/v1/virtual-servers/${servers.a.id}`)).body.limits.max_connections, 7);
    const audit = (await relay.api('GET', `/v1/audit-log?object_id=${servers.a.id}&limit=1`)).body.items[0];
    assert.equal(audit.actor, 'CORP\\carol');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);

    tf.writeConfig(managed('a', 7) + managed('b', 3), provider);
    const denied = await tf.run('plan');
    assert.equal(denied.code, 1);
    assert.match(denied.stderr.replace(/\s+/g, ' '), /Permission denied.*HTTP 403, forbidden/);
    assert.equal((await relay.api('GET', `/v1/virtual-servers/${servers.b.id}`)).body.limits.max_connections, 100, 'server B is untouched');
    assert.doesNotMatch(tf.stateFile(), new RegExp(slapdPasswords.carol.replace(/[!]/g, '\\$&')));
  });
});
