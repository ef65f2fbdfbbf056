// examples/provider, resources/* and data-sources/* applied together against a real relay: they apply, plan
// clean, and every import example (import-by-string-id.tf, import.sh) imports the object back into an empty plan.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, exec, terraformWorkspace } from '../support/terraform.ts';
import { copyExamples, exampleDataSourceTypes, exampleResourceTypes, examplesDir, importCommands } from './example-files.ts';

const EXPECTED_TYPES = [
  'smtp_account', 'smtp_certificate', 'smtp_connection_rule', 'smtp_connection_rules', 'smtp_directory', 'smtp_operator', 'smtp_relay_rule', 'smtp_relay_rules',
  'smtp_remote_domain', 'smtp_virtual_server',
];

if (!acceptance.enabled) {
  test('resource and data source examples', { skip: acceptance.skipReason }, () => {});
} else {
  test('resource and data source examples apply, plan clean and import with their import block and import.sh id forms', async (t) => {
    assert.deepEqual(exampleResourceTypes(), EXPECTED_TYPES, 'one example folder per resource type');
    const fmt = await exec('terraform', ['fmt', '-check', '-recursive', '-diff', examplesDir], examplesDir, { ...process.env, CHECKPOINT_DISABLE: '1' }, 30_000);
    assert.equal(fmt.code, 0, `examples/ is terraform fmt clean:\n${fmt.stdout}`);
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const tf = await terraformWorkspace({
      env: {
        TF_VAR_relay_endpoint: relay.apiUrl, TF_VAR_relay_token: relay.token,
        TF_VAR_smart_host_password: 'smart-host-secret', TF_VAR_alice_password: 'alice-secret', TF_VAR_partner_password: 'partner-secret',
        TF_VAR_relay_bind_password: 'bind-secret',
      },
    });
    t.after(() => tf.dispose());
    copyExamples(tf.dir, [
      'provider/provider.tf',
      ...EXPECTED_TYPES.map((type) => `resources/${type}/resource.tf`),
      ...exampleDataSourceTypes().map((type) => `data-sources/${type}/data-source.tf`),
    ], [await freePort(), await freePort()]);

    const apply = await tf.ok('apply', '-auto-approve');
    assert.match(apply.stdout, /Apply complete! Resources: 13 added, 0 changed, 0 destroyed/);
    assert.doesNotMatch(apply.stdout + apply.stderr, /Check block assertion failed/, 'the example relay is not an open relay');
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
    const state = await tf.state();
    const byAddress = new Map<string, any>(state.values.root_module.resources.map((r: any) => [r.address, r.values]));
    for (const secret of ['smart-host-secret', 'alice-secret', 'partner-secret', 'bind-secret']) assert.ok(!tf.stateFile().includes(secret), 'write-only secrets never reach state');

    // Forget the objects (drop the state), then import each back with its documented id form: every
    // import-by-string-id.tf block (its example id replaced by the real one; one plan for all of them), the
    // operator by its import.sh command, the second connection rule by its bare id, the rule lists' server by its id.
    const realId = (address: string, exampleId: string) => {
      const values = byAddress.get(address);
      assert.ok(values, `${address} (from the import examples) is a resource of the example`);
      return exampleId.includes('/') ? `${values.virtual_server_id}/${values.id}` : values.id;
    };
    const commands = EXPECTED_TYPES.flatMap((type) => importCommands(readFileSync(join(examplesDir, 'resources', type, 'import.sh'), 'utf8')));
    assert.equal(commands.length, EXPECTED_TYPES.length, 'one import command per resource type');
    const blocks = EXPECTED_TYPES.filter((type) => type !== 'smtp_operator').map((type) => {
      const text = readFileSync(join(examplesDir, 'resources', type, 'import-by-string-id.tf'), 'utf8');
      const [, address, exampleId] = /^import \{\n {2}to = (\S+)\n {2}id = "([^"]+)"\n\}$/m.exec(text) ?? [];
      assert.ok(address, `resources/${type}/import-by-string-id.tf is one import block`);
      assert.deepEqual(commands.find((c) => c.address === address), { address, id: exampleId }, `${type}: the import block and import.sh agree`);
      return text.replace(`id = "${exampleId}"`, `id = "${realId(address, exampleId)}"`);
    });
    blocks.push(`import {\n  to = smtp_connection_rule.example_cidr\n  id = "${byAddress.get('smtp_connection_rule.example_cidr').id}"\n}\n`);
    blocks.push(`import {\n  to = smtp_operator.mail_admins\n  id = "${byAddress.get('smtp_operator.mail_admins').id}"\n}\n`);
    blocks.push(`import {\n  to = smtp_virtual_server.printers\n  id = "${byAddress.get('smtp_virtual_server.printers').id}"\n}\n`);
    rmSync(join(tf.dir, 'terraform.tfstate'));
    const operator = commands.find((c) => c.address === 'smtp_operator.example')!;
    await tf.ok('import', operator.address, realId(operator.address, operator.id));
    writeFileSync(join(tf.dir, 'imports.tf'), blocks.join('\n'));
    const importPlan = await tf.ok('plan');
    assert.match(importPlan.stdout, /Plan: 12 to import, 0 to add, 0 to change, 0 to destroy/);
    await tf.ok('apply', '-auto-approve');
    const afterImport = await tf.run('plan', '-detailed-exitcode');
    assert.equal(afterImport.code, 0, `plan after importing is empty:\n${afterImport.stdout}${afterImport.stderr}`);
  });
}
