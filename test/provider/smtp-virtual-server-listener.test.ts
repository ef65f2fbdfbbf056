// Acceptance tests of smtp_virtual_server's listener wait through the real terraform binary: a busy port fails the apply on
// `port` with EADDRINUSE (the object tainted), a free port is created "listening", and state from the provider before
// listener_state plans clean.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance } from '../support/terraform.ts';

/**
 * terraform.tfstate written by the provider of main before listener_state and timeouts (6d1fcef): a relay got the
 * virtual server below through POST with Idempotency-Key `fixtureKey` (so the id is the same on every relay for the admin),
 * main's provider imported it with `import {}` and the configuration of `fixtureConfig`, then planned clean. Only the
 * port is changed here, to one free now.
 */
const fixture = join(import.meta.dirname, 'fixtures', 'virtual-server-before-listener-state.tfstate');
const fixtureKey = 'listener-state-upgrade-fixture';
const fixtureServer = { name: 'upgrade-edge', fqdn: 'relay.test', drop_directory: '/var/tmp/relayform-upgrade-fixture' };
const fixtureConfig = (port: number) => `
resource "smtp_virtual_server" "edge" {
  name           = "upgrade-edge"
  port           = ${port}
  fqdn           = "relay.test"
  drop_directory = "/var/tmp/relayform-upgrade-fixture"
}`;

/** A plain TCP listener on 127.0.0.1: the other process that holds the port. */
async function holdPort(): Promise<{ port: number; holder: Server }> {
  const holder = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as { port: number }).port, holder };
}

const server = (port: number, extra = '') => `
resource "smtp_virtual_server" "x" {
  name = "listener"
  port = ${port}
  ${extra}
}`;

describe('smtp_virtual_server listener wait', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('a busy port: apply fails within the timeout with EADDRINUSE on `port`, the object tainted; freed, the next apply replaces it', async () => {
    const tf = await acc.workspace();
    const { port, holder } = await holdPort();
    let held = true;
    after(() => { if (held) holder.close(); });
    tf.writeConfig(server(port, 'timeouts = { create = "20s" }'));
    await tf.ok('init');
    const applied = await tf.run('apply', '-auto-approve');
    assert.equal(applied.code, 1, applied.stdout + applied.stderr);
    assert.ok(applied.ms < 20_000, `apply took ${applied.ms} ms`);
    const output = applied.stderr.replace(/│ ?/g, '').replace(/\s+/g, ' ');
    assert.match(output, /Error: SMTP listener could not start/);
    assert.match(output, new RegExp(`its listener on 127\\.0\\.0\\.1:${port} could not start \\(node [^)]+\\): EADDRINUSE`));
    assert.match(output, /choose another `port` or `bind_address`/);
    // The diagnostic is on the attribute: Terraform quotes the configuration line of `port`.
    assert.match(output, new RegExp(`with smtp_virtual_server\\.x, on main\\.tf line \\d+, in resource "smtp_virtual_server" "x": \\d+: port = ${port}`));

    const state = JSON.parse(tf.stateFile());
    const [instance] = state.resources[0].instances;
    assert.equal(instance.status, 'tainted');
    assert.equal(instance.attributes.listener_state, 'failed');
    const id = instance.attributes.id;
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${id}/status`)).body.nodes[0].error.code, 'EADDRINUSE');

    await new Promise<void>((resolve) => holder.close(() => resolve()));
    held = false;
    const replaced = await tf.ok('apply', '-auto-approve');
    assert.match(replaced.stdout, /1 added, 0 changed, 1 destroyed/);
    const replacement = (await tf.state()).values.root_module.resources[0].values;
    assert.notEqual(replacement.id, id);
    assert.equal(replacement.listener_state, 'listening');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('a free port: created "listening", plans clean; an update waits again; a disabled server does not wait', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    tf.writeConfig(server(port));
    await tf.ok('apply', '-auto-approve');
    const created = (await tf.state()).values.root_module.resources[0].values;
    assert.equal(created.listener_state, 'listening');
    assert.equal(created.timeouts, null);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);

    const moved = await freePort();
    tf.writeConfig(server(moved));
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /listener_state\s+= "listening" -> \(known after apply\)/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await tf.state()).values.root_module.resources[0].values.listener_state, 'listening');
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${created.id}/status`)).body.nodes[0].port, moved);

    tf.writeConfig(server(moved, 'enabled = false'));
    await tf.ok('apply', '-auto-approve');
    assert.equal((await tf.state()).values.root_module.resources[0].values.listener_state, 'disabled');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('an update onto a busy port fails on `port`; the state keeps the written port and shows the failure', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(await freePort()));
    await tf.ok('apply', '-auto-approve');
    const { port, holder } = await holdPort();
    after(() => holder.close());
    tf.writeConfig(server(port));
    const applied = await tf.run('apply', '-auto-approve');
    assert.equal(applied.code, 1, applied.stdout);
    assert.match(applied.stderr.replace(/│ ?/g, '').replace(/\s+/g, ' '), new RegExp(`port = ${port} The relay updated virtual server .* EADDRINUSE`));
    const [instance] = JSON.parse(tf.stateFile()).resources[0].instances;
    assert.equal(instance.status, undefined, 'an update failure does not taint');
    assert.equal(instance.attributes.port, port);
    assert.equal(instance.attributes.listener_state, 'failed');
  });

  test('state written by the provider before listener_state plans with no changes, then refreshes listener_state', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { ...fixtureServer, port }, { 'idempotency-key': fixtureKey });
    assert.equal(created.status, 201, created.text);
    const state = JSON.parse(readFileSync(fixture, 'utf8'));
    const [instance] = state.resources[0].instances;
    assert.equal(instance.attributes.id, created.body.id, 'the fixture names the object the key creates');
    assert.equal('listener_state' in instance.attributes, false, 'the fixture predates listener_state');
    instance.attributes.port = port;
    writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify(state));
    tf.writeConfig(fixtureConfig(port));
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    await tf.ok('apply', '-auto-approve', '-refresh-only');
    assert.equal((await tf.state()).values.root_module.resources[0].values.listener_state, 'listening');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });
});
