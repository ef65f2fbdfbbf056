// Acceptance test of rate_limits and limits.max_connections_per_ip through the real terraform binary: set, applied,
// read back and planned clean; removed again to unlimited; bad values refused at plan naming the attribute; and a state
// written by main's provider before they existed (fixtures/rate-limits-upgrade) plans clean with them unset.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { putOldState } from '../support/old-state.ts';
import { acceptance } from '../support/terraform.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'rate-limits-upgrade');

const unlimited = {
  messages_per_minute_per_client_ip: null, recipients_per_minute_per_client_ip: null, messages_per_minute_per_account: null,
  recipients_per_minute_per_account: null, messages_per_minute_per_sender_domain: null, recipients_per_minute_per_sender_domain: null,
};

const server = (port: number, settings: string) => `
resource "smtp_virtual_server" "edge" {
  name    = "rate-limits"
  port    = ${port}
  enabled = false
  ${settings}
}`;

describe('rate_limits', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('set: applied, stored by the relay, plans clean; removed: unlimited again, plans clean', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25391, `
  limits = {
    max_connections_per_ip = 10
  }
  rate_limits = {
    messages_per_minute_per_client_ip       = 30
    recipients_per_minute_per_client_ip     = 300
    messages_per_minute_per_account         = 60
    recipients_per_minute_per_sender_domain = 1000
  }`));
    await tf.ok('apply', '-auto-approve');
    const [resource] = (await tf.state()).values.root_module.resources;
    const expected = {
      ...unlimited, messages_per_minute_per_client_ip: 30, recipients_per_minute_per_client_ip: 300, messages_per_minute_per_account: 60,
      recipients_per_minute_per_sender_domain: 1000,
    };
    const stored = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual(stored.rate_limits, expected);
    assert.equal(stored.limits.max_connections_per_ip, 10);
    assert.equal(stored.limits.max_connections, 100, 'the other limits keep their defaults');
    assert.deepEqual(resource.values.rate_limits, expected);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'plans clean after apply');

    tf.writeConfig(server(25391, ''));
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 2, 'removing the blocks is a change');
    assert.match(plan.stdout, /messages_per_minute_per_client_ip\s+= 30 -> null/);
    await tf.ok('apply', '-auto-approve');
    const reset = (await acc.relay.api('GET', `/v1/virtual-servers/${resource.values.id}`)).body;
    assert.deepEqual(reset.rate_limits, unlimited);
    assert.equal(reset.limits.max_connections_per_ip, null);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('bad values are refused at plan time, naming the attribute', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(25392, 'rate_limits = { recipients_per_minute_per_account = 0 }'));
    const zero = await tf.run('plan');
    assert.notEqual(zero.code, 0);
    assert.match(zero.stderr, /rate_limits\.recipients_per_minute_per_account/);
    tf.writeConfig(server(25392, 'limits = { max_connections_per_ip = 100001 }'));
    const big = await tf.run('plan');
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /limits\.max_connections_per_ip/);
    tf.writeConfig(server(25392, 'rate_limits = { messages_per_minute_per_sender_domain = 1.5 }'));
    const fraction = await tf.run('plan');
    assert.notEqual(fraction.code, 0);
    assert.match(fraction.stderr, /rate_limits\.messages_per_minute_per_sender_domain/);
  });

  test('a state written by main\'s provider before rate_limits plans clean and then reads them unset', async () => {
    const tf = await acc.workspace();
    await putOldState(tf, FIXTURE, 'state-before.tfstate', (_resource, attributes) => {
      assert.equal('rate_limits' in attributes, false, 'the fixture predates rate_limits');
      assert.equal('max_connections_per_ip' in attributes.limits, false, 'the fixture predates max_connections_per_ip');
    });
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    await tf.ok('apply', '-auto-approve', '-refresh-only');
    const values = (name: string) => tf.attributes(`smtp_virtual_server.${name}`);
    for (const name of ['plain', 'tuned']) {
      assert.deepEqual(values(name).rate_limits, unlimited, name);
      assert.equal(values(name).limits.max_connections_per_ip, null, name);
    }
    assert.equal(values('tuned').limits.max_connections, 50);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });
});
