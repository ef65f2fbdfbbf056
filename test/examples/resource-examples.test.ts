// examples/provider, resources/* and data-sources/* applied together against a real relay: they apply, plan
// clean, and every import.sh command form imports the object back into an empty plan.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../support/free-port.ts';
import { startRelayProcess } from '../support/relay-process.ts';
import { acceptance, exec, terraformWorkspace } from '../support/terraform.ts';
import { copyExamples, exampleDataSourceTypes, exampleResourceTypes, examplesDir, importCommands } from './example-files.ts';

const EXPECTED_TYPES = ['smtp_account', 'smtp_certificate', 'smtp_connection_rule', 'smtp_operator', 'smtp_relay_rule', 'smtp_remote_domain', 'smtp_virtual_server'];

if (!acceptance.enabled) {
  test('resource and data source examples', { skip: acceptance.skipReason }, () => {});
} else {
  test('resource and data source examples apply, plan clean and import with their import.sh id forms', async (t) => {
    assert.deepEqual(exampleResourceTypes(), EXPECTED_TYPES, 'one example folder per resource type');
    const fmt = await exec('terraform', ['fmt', '-check', '-recursive', '-diff', examplesDir], examplesDir, { ...process.env, CHECKPOINT_DISABLE: '1' }, 30_000);
    assert.equal(fmt.code, 0, `examples/ is terraform fmt clean:\n${fmt.stdout}`);
    const relay = await startRelayProcess();
    t.after(() => relay.dispose());
    const tf = await terraformWorkspace({
      env: {
        TF_VAR_relay_endpoint: relay.apiUrl, TF_VAR_relay_token: relay.token,
        TF_VAR_smart_host_password: 'smart-host-secret', TF_VAR_alice_password: 'alice-secret', TF_VAR_partner_password: 'partner-secret',
      },
    });
    t.after(() => tf.dispose());
    copyExamples(tf.dir, [
      'provider/provider.tf',
      ...EXPECTED_TYPES.map((type) => `resources/${type}/resource.tf`),
      ...exampleDataSourceTypes().map((type) => `data-sources/${type}/data-source.tf`),
    ], [await freePort()]);

    const apply = await tf.ok('apply', '-auto-approve');
    assert.match(apply.stdout, /Apply complete! Resources: 8 added, 0 changed, 0 destroyed/);
    assert.doesNotMatch(apply.stdout + apply.stderr, /Check block assertion failed/, 'the example relay is not an open relay');
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
    const state = await tf.state();
    const byAddress = new Map<string, any>(state.values.root_module.resources.map((r: any) => [r.address, r.values]));
    for (const secret of ['smart-host-secret', 'alice-secret', 'partner-secret']) assert.ok(!tf.stateFile().includes(secret), 'write-only secrets never reach state');

    // Every import.sh: forget the objects (drop the state), then import each with the id in its documented form
    // (as `import {}` blocks: one plan for all of them instead of one `terraform import` run each).
    const imports = EXPECTED_TYPES.flatMap((type) => importCommands(readFileSync(join(examplesDir, 'resources', type, 'import.sh'), 'utf8')));
    assert.equal(imports.length, EXPECTED_TYPES.length, 'one import command per resource type');
    // The second connection rule has no import.sh of its own: it uses the same <virtual_server_id>/<id> form.
    imports.push({ address: 'smtp_connection_rule.example_cidr', id: 'vs/rule' });
    const blocks = imports.map(({ address, id }) => {
      const values = byAddress.get(address);
      assert.ok(values, `${address} (from import.sh) is a resource of the example`);
      const realId = id.includes('/') ? `${values.virtual_server_id}/${values.id}` : values.id;
      return `import {\n  to = ${address}\n  id = "${realId}"\n}\n`;
    });
    rmSync(join(tf.dir, 'terraform.tfstate'));
    // A child object exactly as its import.sh says (`terraform import <address> <virtual_server_id>/<id>`).
    const viaCommand = blocks.find((block) => block.includes('smtp_operator.example'))!;
    const viaBlocks = blocks.filter((block) => block !== viaCommand);
    const [, address, id] = /to = (\S+)\n {2}id = "([^"]+)"/.exec(viaCommand)!;
    await tf.ok('import', address, id);
    writeFileSync(join(tf.dir, 'imports.tf'), viaBlocks.join('\n'));
    const importPlan = await tf.ok('plan');
    assert.match(importPlan.stdout, /Plan: 7 to import, 0 to add, 0 to change, 0 to destroy/);
    await tf.ok('apply', '-auto-approve');
    const afterImport = await tf.run('plan', '-detailed-exitcode');
    assert.equal(afterImport.code, 0, `plan after importing is empty:\n${afterImport.stdout}${afterImport.stderr}`);
  });
}
