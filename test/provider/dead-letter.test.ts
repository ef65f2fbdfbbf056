// Acceptance test of the dead_letter block through the real terraform binary: set, applied, read back and planned
// clean; removed again to its defaults; a bad value refused at plan naming the attribute; and a state written by
// main's provider before the block existed (fixtures/dead-letter-upgrade) plans clean with it at its defaults.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { putOldState } from '../support/old-state.ts';
import { acceptance } from '../support/terraform.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'dead-letter-upgrade');

const server = (port: number, settings: string) => `
resource "smtp_virtual_server" "edge" {
  name    = "dead-letter"
  port    = ${port}
  enabled = false
  ${settings}
}`;

describe('dead_letter', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('set: applied, stored by the relay, plans clean; removed: back to 168 hours and no notice, plans clean', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25291, `
  dead_letter = {
    retention_hours = 72.5
    send_notice_to  = "postmaster@corp.example"
  }`));
    await tf.ok('apply', '-auto-approve');
    const [resource] = (await tf.state()).values.root_module.resources;
    const stored = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual(stored.dead_letter, { retention_hours: 72.5, send_notice_to: 'postmaster@corp.example' });
    assert.deepEqual(resource.values.dead_letter, { retention_hours: 72.5, send_notice_to: 'postmaster@corp.example' });
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'plans clean after apply');

    tf.writeConfig(server(25291, ''));
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 2, 'removing the block is a change');
    assert.match(plan.stdout, /retention_hours\s+= 72\.5 -> 168/);
    await tf.ok('apply', '-auto-approve');
    const reset = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual(reset.dead_letter, { retention_hours: 168, send_notice_to: null });
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('bad values are refused at plan time, naming the attribute', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25292, 'dead_letter = { send_notice_to = "not an address" }'));
    const address = await tf.run('plan');
    assert.notEqual(address.code, 0);
    assert.match(address.stderr, /dead_letter\.send_notice_to/);
    tf.writeConfig(server(25292, 'dead_letter = { retention_hours = 0 }'));
    const hours = await tf.run('plan');
    assert.notEqual(hours.code, 0);
    assert.match(hours.stderr, /dead_letter\.retention_hours/);
  });

  test('a state written by main\'s provider before the dead_letter block plans clean and then reads it at its defaults', async () => {
    const tf = await acc.workspace();
    await putOldState(tf, FIXTURE, 'state-before.tfstate', (_resource, attributes) => {
      assert.equal('dead_letter' in attributes, false, 'the fixture predates dead_letter');
    });

    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    await tf.ok('apply', '-auto-approve', '-refresh-only');
    const values = (name: string) => tf.attributes(`smtp_virtual_server.${name}`);
    // The refresh reads the omitted block at its defaults, in state as on the relay.
    for (const name of ['plain', 'tuned']) {
      assert.deepEqual(values(name).dead_letter, { retention_hours: 168, send_notice_to: null }, name);
      assert.deepEqual((await acc.relay.api('GET', `/v1/virtual-servers/${values(name).id}`)).body.dead_letter, { retention_hours: 168, send_notice_to: null });
    }
    assert.equal(values('tuned').ndr.send_copy_to, 'postmaster@example.com');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });
});
