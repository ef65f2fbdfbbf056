// Acceptance test of state upgrades: a state written by the provider before delivery and outbound_security stopped being
// computed (fixtures/state-upgrade, schema version 0) plans clean with this provider and is stored in the new shape.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/state-upgrade', import.meta.url));
/** What the relay assigns (ids, the host name, the data directory): the only values taken from this run's objects. */
const SERVER_ASSIGNED = ['id', 'virtual_server_id', 'fqdn', 'drop_directory'];

interface StateFile { resources: Array<{ type: string; name: string; instances: Array<{ schema_version: number; attributes: Record<string, any> }> }> }

describe('state upgrade', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let tf: TerraformWorkspace | undefined;

  before(async () => { relay = await startTestRelay({ mode: 'child-process' }); });
  after(async () => {
    tf?.dispose();
    await relay?.dispose();
  });

  test('a state written by the provider at schema version 0 plans clean, and the next apply stores omitted blocks as null', async () => {
    tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
    copyFileSync(join(FIXTURE, 'main.tf'), join(tf.dir, 'main.tf'));
    // The fixture's objects lived on another relay: create the same objects from the same configuration on this one,
    // then put the old state in place with only the server-assigned values of these objects.
    await tf.ok('apply', '-auto-approve');
    const created = JSON.parse(tf.stateFile()) as StateFile;
    const old = JSON.parse(readFileSync(join(FIXTURE, 'state-v0.tfstate'), 'utf8')) as StateFile;
    assert.equal(old.resources.length, created.resources.length);
    for (const resource of old.resources) {
      const instance = resource.instances[0];
      if (['smtp_virtual_server', 'smtp_remote_domain'].includes(resource.type)) assert.equal(instance.schema_version, 0, 'the fixture predates the change');
      const now = created.resources.find((r) => r.type === resource.type && r.name === resource.name)!.instances[0].attributes;
      for (const name of SERVER_ASSIGNED) if (name in instance.attributes) instance.attributes[name] = now[name];
    }
    writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify(old));

    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);

    await tf.ok('apply', '-auto-approve');
    const upgraded = JSON.parse(tf.stateFile()) as StateFile;
    const attributes = (type: string, name: string) => {
      const instance = upgraded.resources.find((r) => r.type === type && r.name === name)!.instances[0];
      assert.equal(instance.schema_version, type === 'smtp_account' ? 0 : 1);
      return instance.attributes;
    };
    assert.equal(attributes('smtp_virtual_server', 'plain').delivery, null);
    assert.equal(attributes('smtp_virtual_server', 'smart_host').delivery.outbound_security, null);
    assert.equal(attributes('smtp_virtual_server', 'smart_host').delivery.smart_host_port, 587);
    assert.equal(attributes('smtp_virtual_server', 'authenticated').delivery.outbound_security.password_wo_version, 1);
    assert.equal(attributes('smtp_remote_domain', 'plain').outbound_security, null);
    assert.equal(attributes('smtp_remote_domain', 'authenticated').outbound_security.password_wo_version, 2);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    assert.doesNotMatch(tf.stateFile(), /upgrade-Secret/);
  });
});
