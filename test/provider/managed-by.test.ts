// Acceptance test of the managed-by marker through the real terraform binary: objects a configuration applies,
// imports or reads as resources are marked `managed_by: "terraform"` on the relay; objects made over plain HTTP, or
// only read by a data source, are not; a destroy clears the marker; and a state written by main's provider before
// the marker existed (fixtures/managed-by-upgrade) plans clean, the marker changing nothing in state or ETag.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { putOldState } from '../support/old-state.ts';
import { acceptance } from '../support/terraform.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'managed-by-upgrade');

describe('managed_by', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay({ mode: 'child-process' });
  /** The relay's own record (its SQLite config store), to prove a marker is gone with its object, not merely hidden. */
  const markerRows = (id: string) => {
    const db = new Database(join(acc.relay.dataDir, 'config.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM object_managers WHERE id = ?').get(id) as { n: number }).n;
    } finally {
      db.close();
    }
  };

  test('apply marks what it manages; plain HTTP and a data source do not; import marks; destroy clears', async () => {
    const byHand = (await acc.relay.api('POST', '/v1/virtual-servers', { name: 'by-hand', port: 25391, enabled: false })).body;
    assert.equal(byHand.managed_by, null, 'created over plain HTTP: not managed');
    const handEtag = (await acc.relay.api('GET', `/v1/virtual-servers/${byHand.id}`)).headers.get('etag');

    const tf = await acc.workspace();
    const config = `
resource "smtp_virtual_server" "edge" {
  name    = "managed-edge"
  port    = 25392
  enabled = false
}

resource "smtp_relay_rule" "office" {
  virtual_server_id = smtp_virtual_server.edge.id
  cidr              = "198.51.100.0/24"
}

resource "smtp_account" "app" {
  name                = "managed-app"
  domain              = "CORP"
  password_wo         = "a long enough password"
  password_wo_version = 1
}

data "smtp_virtual_server" "looked_up" {
  id = "${byHand.id}"
}
`;
    tf.writeConfig(config);
    await tf.ok('apply', '-auto-approve');
    const edge = tf.attributes('smtp_virtual_server.edge');
    const rule = tf.attributes('smtp_relay_rule.office');
    const app = tf.attributes('smtp_account.app');
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${edge.id}`)).body.managed_by, 'terraform');
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${edge.id}/relay-rules/${rule.id}`)).body.managed_by, 'terraform');
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${app.id}`)).body.managed_by, 'terraform');
    assert.equal('managed_by' in edge, false, 'no attribute in state');
    assert.equal(tf.stateFile().includes('managed_by'), false);
    const looked = await acc.relay.api('GET', `/v1/virtual-servers/${byHand.id}`);
    assert.equal(looked.body.managed_by, null, 'a data source reads without marking');
    assert.equal(looked.headers.get('etag'), handEtag);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'plans clean');

    tf.writeConfig(`${config}
resource "smtp_virtual_server" "adopted" {
  name    = "by-hand"
  port    = 25391
  enabled = false
}
`);
    await tf.ok('import', 'smtp_virtual_server.adopted', byHand.id);
    const adopted = await acc.relay.api('GET', `/v1/virtual-servers/${byHand.id}`);
    assert.equal(adopted.body.managed_by, 'terraform', 'terraform import marks');
    assert.equal(adopted.headers.get('etag'), handEtag, 'without a new version');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'the import plans clean');

    assert.equal(markerRows(rule.id), 1);
    await tf.ok('destroy', '-auto-approve');
    for (const [path, id] of [[`/v1/virtual-servers/${edge.id}`, edge.id], [`/v1/accounts/${app.id}`, app.id], [`/v1/virtual-servers/${byHand.id}`, byHand.id]]) {
      assert.equal((await acc.relay.api('GET', path)).status, 404, path);
      assert.equal(markerRows(id), 0, `the marker of ${path} is gone with it`);
    }
    assert.equal(markerRows(rule.id), 0, 'and the relay rule\'s');
  });

  test('a state written by main\'s provider before the marker existed plans clean; a refresh changes no attribute nor the ETag', async () => {
    const tf = await acc.workspace();
    await putOldState(tf, FIXTURE, 'state-before.tfstate', (_resource, attributes) => {
      assert.equal('managed_by' in attributes, false);
    });
    const serverId = tf.attributes('smtp_virtual_server.edge').id as string;
    const before = tf.stateFile();
    const etag = (await acc.relay.api('GET', `/v1/virtual-servers/${serverId}`)).headers.get('etag');

    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    await tf.ok('apply', '-auto-approve', '-refresh-only');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    const after = JSON.parse(tf.stateFile());
    const old = JSON.parse(before);
    const attributes = (state: { resources: Array<{ instances: Array<{ attributes: unknown }> }> }) => state.resources.map((r) => r.instances[0].attributes);
    // Attributes added to the schema after the fixture was written (rate_limits, limits.max_connections_per_ip) appear
    // unset; every attribute the old state had keeps its value.
    assert.deepEqual(attributes(after).map((a, i) => shapedLike(a, attributes(old)[i])), attributes(old), 'the refresh changed no attribute');
    assert.deepEqual(attributes(after).flatMap((a, i) => addedValues(a, attributes(old)[i])).filter((v) => v !== null), [], 'added attributes are unset');
    const server = await acc.relay.api('GET', `/v1/virtual-servers/${serverId}`);
    assert.equal(server.body.managed_by, 'terraform');
    assert.equal(server.headers.get('etag'), etag);
  });
});

/** `value` with only the object members `shape` has (recursively): the old state's view of a newer one. */
function shapedLike(value: unknown, shape: unknown): unknown {
  if (!isObject(value) || !isObject(shape)) return value;
  return Object.fromEntries(Object.keys(shape).map((key) => [key, shapedLike(value[key], shape[key])]));
}

/** The leaf values of `value`'s members that `shape` lacks. */
function addedValues(value: unknown, shape: unknown): unknown[] {
  if (!isObject(value) || !isObject(shape)) return [];
  return Object.entries(value).flatMap(([key, member]) => (key in shape ? addedValues(member, shape[key]) : leaves(member)));
}

function leaves(value: unknown): unknown[] {
  return isObject(value) ? Object.values(value).flatMap(leaves) : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
