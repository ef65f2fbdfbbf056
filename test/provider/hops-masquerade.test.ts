// Acceptance test of limits.max_hop_count and delivery.masquerade_domain through the real terraform binary: set, applied,
// read back and planned clean; unset again to their defaults; and a state written by main's provider before they
// existed (fixtures/hops-masquerade-upgrade) plans clean with them at their defaults.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { putOldState } from '../support/old-state.ts';
import { acceptance } from '../support/terraform.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'hops-masquerade-upgrade');

const server = (port: number, settings: string) => `
resource "smtp_virtual_server" "edge" {
  name    = "hops-masquerade"
  port    = ${port}
  enabled = false
  ${settings}
}`;

describe('max_hop_count and masquerade_domain', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('set: applied, stored by the relay, plans clean; removed: back to 100 and null, plans clean', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25271, `
  limits = {
    max_hop_count = 25
  }
  delivery = {
    masquerade_domain = "corp.example"
  }`));
    await tf.ok('apply', '-auto-approve');
    const [resource] = (await tf.state()).values.root_module.resources;
    const stored = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual([stored.limits.max_hop_count, stored.delivery.masquerade_domain], [25, 'corp.example']);
    assert.deepEqual([resource.values.limits.max_hop_count, resource.values.delivery.masquerade_domain], [25, 'corp.example']);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'plans clean after apply');

    tf.writeConfig(server(25271, ''));
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 2, 'removing the settings is a change');
    assert.match(plan.stdout, /max_hop_count\s+= 25 -> 100/);
    await tf.ok('apply', '-auto-approve');
    const reset = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual([reset.limits.max_hop_count, reset.delivery.masquerade_domain], [100, null]);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('a bad masquerade_domain is refused at plan time, naming the attribute', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25272, 'delivery = { masquerade_domain = "not a domain" }'));
    const plan = await tf.run('plan');
    assert.notEqual(plan.code, 0);
    assert.match(plan.stderr, /delivery\.masquerade_domain/);
  });

  test('a state written by main\'s provider before the two attributes plans clean and then reads them at their defaults', async () => {
    const tf = await acc.workspace();
    await putOldState(tf, FIXTURE, 'state-before.tfstate', (_resource, attributes) => {
      assert.equal('max_hop_count' in attributes.limits, false, 'the fixture predates max_hop_count');
      if (attributes.delivery) assert.equal('masquerade_domain' in attributes.delivery, false, 'the fixture predates masquerade_domain');
    });

    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    await tf.ok('apply', '-auto-approve', '-refresh-only');
    const values = (name: string) => tf.attributes(`smtp_virtual_server.${name}`);
    assert.equal(values('plain').limits.max_hop_count, 100);
    assert.equal(values('tuned').limits.max_hop_count, 100);
    assert.equal(values('tuned').delivery.masquerade_domain, null);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });
});
