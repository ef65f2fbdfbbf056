// Acceptance test of state upgrades: a state written by the provider before delivery and outbound_security stopped being
// computed (fixtures/state-upgrade, schema version 0) plans clean with this provider and is stored in the new shape.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { putOldState, type StateFile } from '../support/old-state.ts';
import { acceptance } from '../support/terraform.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/state-upgrade', import.meta.url));

describe('state upgrade', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('a state written by the provider at schema version 0 plans clean, and the next apply stores omitted blocks as null', async () => {
    const tf = await acc.workspace();
    await putOldState(tf, FIXTURE, 'state-v0.tfstate', (resource) => {
      if (['smtp_virtual_server', 'smtp_remote_domain'].includes(resource.type)) assert.equal(resource.instances[0].schema_version, 0, 'the fixture predates the change');
    });

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
