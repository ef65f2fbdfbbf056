// Upgrade tests of the provider: a state file an older provider wrote (a fixture), put in place in a workspace as if
// that provider had applied its configuration against this test's relay.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformWorkspace } from './terraform.ts';

/** The parts of terraform.tfstate these tests read. */
export interface StateFile {
  resources: Array<{ type: string; name: string; instances: Array<{ schema_version: number; attributes: Record<string, any> }> }>;
}

/** What the relay assigns (ids, the host name, the data directory): the only values taken from this run's objects. */
const serverAssigned = ['id', 'virtual_server_id', 'fqdn', 'drop_directory'];

/**
 * The fixture's objects lived on another relay: applies `<fixtureDir>/main.tf` to create the same objects on this one,
 * then replaces the state with `<fixtureDir>/<stateFile>`, taking only the server-assigned values from the objects just
 * created. `predates` sees each old instance first, to assert that the fixture really was written before the change.
 */
export async function putOldState(
  tf: TerraformWorkspace, fixtureDir: string, stateFile: string,
  predates: (resource: StateFile['resources'][number], attributes: Record<string, any>) => void,
): Promise<void> {
  copyFileSync(join(fixtureDir, 'main.tf'), join(tf.dir, 'main.tf'));
  await tf.ok('apply', '-auto-approve');
  const created = JSON.parse(tf.stateFile()) as StateFile;
  const old = JSON.parse(readFileSync(join(fixtureDir, stateFile), 'utf8')) as StateFile;
  assert.equal(old.resources.length, created.resources.length, 'the fixture state and its configuration have the same resources');
  for (const resource of old.resources) {
    const { attributes } = resource.instances[0];
    predates(resource, attributes);
    const now = created.resources.find((r) => r.type === resource.type && r.name === resource.name)!.instances[0].attributes;
    for (const name of serverAssigned) if (name in attributes) attributes[name] = now[name];
  }
  writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify(old));
}
