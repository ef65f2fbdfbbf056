// Acceptance tests of smtp_relay_rule with the real terraform binary against a real relay process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const rule = (serverId: string, match: string, name = 'r') => `
resource "smtp_relay_rule" "${name}" {
  virtual_server_id = "${serverId}"
  ${match}
}`;

describe('smtp_relay_rule', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let serverA: string;
  let serverB: string;
  /** The attributes of `address` in the state file (read directly: faster than `terraform show -json`). */
  const values = async (tf: TerraformWorkspace, address = 'smtp_relay_rule.r') =>
    tf.attributes(address);
  const ruleUrl = (serverId: string, id: string) => `/v1/virtual-servers/${serverId}/relay-rules/${id}`;
  const createServer = async (name: string) => {
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };

  before(async () => {
    serverA = await createServer('rules-a');
    serverB = await createServer('rules-b');
  });

  test('create, clean plan, update in place (also across match forms), drift, replace on virtual_server_id, destroy', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(rule(serverA, 'cidr = "10.0.0.0/8"'));
    assert.match((await tf.ok('plan', '-out=tfplan')).stdout, /\+ id\s+= \(known after apply\)/);
    const planned = JSON.parse((await tf.ok('show', '-json', 'tfplan')).stdout).resource_changes[0].change;
    assert.equal(planned.after.description, '', 'the default is in the plan (terraform hides "" in the text)');
    assert.equal(planned.after.domain, null);
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    assert.deepEqual({ ...first, id: 'x' }, { id: 'x', virtual_server_id: serverA, ip_address: null, subnet_mask: null, cidr: '10.0.0.0/8', domain: null, description: '' });
    assert.equal((await acc.relay.api('GET', ruleUrl(serverA, first.id))).body.cidr, '10.0.0.0/8');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(rule(serverA, 'ip_address = "192.0.2.0"\n  subnet_mask = "255.255.255.0"\n  description = "office"'));
    const update = await tf.run('plan', '-detailed-exitcode');
    assert.equal(update.code, 2);
    assert.match(update.stdout, /will be updated in-place/);
    assert.match(update.stdout, /- cidr\s+= "10\.0\.0\.0\/8" -> null/);
    assert.match(update.stdout, /\+ subnet_mask\s+= "255\.255\.255\.0"/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await values(tf)).id, first.id, 'same object');
    const afterUpdate = (await acc.relay.api('GET', ruleUrl(serverA, first.id))).body;
    assert.deepEqual([afterUpdate.ip_address, afterUpdate.subnet_mask, afterUpdate.cidr, afterUpdate.description], ['192.0.2.0', '255.255.255.0', null, 'office']);

    const changed = await acc.relay.api('PATCH', ruleUrl(serverA, first.id), { description: 'changed by hand' });
    assert.equal(changed.status, 200, changed.text);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /~ description\s+= "changed by hand" -> "office"/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await acc.relay.api('GET', ruleUrl(serverA, first.id))).body.description, 'office', 'apply restored it');

    tf.writeConfig(rule(serverB, 'ip_address = "192.0.2.0"\n  subnet_mask = "255.255.255.0"\n  description = "office"'));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.equal(replace.code, 2);
    assert.match(replace.stdout, /must be replaced/);
    assert.match(replace.stdout, /~ virtual_server_id\s+= "[^"]+" -> "[^"]+" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const moved = await values(tf);
    assert.notEqual(moved.id, first.id);
    assert.equal((await acc.relay.api('GET', ruleUrl(serverA, first.id))).status, 404, 'the old rule is gone');

    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /1 destroyed/);
    assert.equal((await acc.relay.api('GET', ruleUrl(serverB, moved.id))).status, 404);
  });

  test('import by <virtual_server_id>/<id> and by the bare id (a bad id form or an unknown id is a clear error), import {} with -generate-config-out, then an empty plan', async () => {
    const created = await acc.relay.api('POST', `/v1/virtual-servers/${serverA}/relay-rules`, { domain: 'partner.example', description: 'imported' });
    assert.equal(created.status, 201, created.text);
    const importId = `${serverA}/${created.body.id}`;

    const byId = await acc.workspace();
    byId.writeConfig(rule(serverA, 'domain = "partner.example"\n  description = "imported"'));
    const bad = await byId.run('import', 'smtp_relay_rule.r', `${serverA}/${created.body.id}/x`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Invalid import id[\s\S]+<virtual_server_id>\/<id>,[\s\S]+or the bare <id>/);
    const unknown = await byId.run('import', 'smtp_relay_rule.r', 'no-such-rule');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Invalid import id[\s\S]+no virtual server these credentials may\s+read\s+\(\d+\)\s+has\s+a\s+smtp_relay_rule\s+with\s+id\s+"no-such-rule"/);
    await byId.ok('import', 'smtp_relay_rule.r', importId);
    assert.equal((await values(byId)).domain, 'partner.example');
    assert.equal((await byId.run('plan', '-detailed-exitcode')).code, 0);

    // The bare id: the provider finds the virtual server that holds it (serverB is asked too and has no such rule).
    const bare = await acc.workspace();
    bare.writeConfig(rule(serverA, 'domain = "partner.example"\n  description = "imported"'));
    await bare.ok('import', 'smtp_relay_rule.r', created.body.id);
    assert.deepEqual([(await values(bare)).virtual_server_id, (await values(bare)).id], [serverA, created.body.id]);
    assert.equal((await bare.run('plan', '-detailed-exitcode')).code, 0, 'imported by the bare id, it plans clean');

    const generated = await acc.workspace();
    generated.writeConfig(`import {\n  to = smtp_relay_rule.r\n  id = "${importId}"\n}`);
    const plan = await generated.run('plan', '-generate-config-out=generated.tf');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    await generated.ok('apply', '-auto-approve');
    assert.equal((await generated.run('plan', '-detailed-exitcode')).code, 0, 'the generated config plans clean');
  });

  test('with an smtp_virtual_server in the same configuration: unknown id at plan, the server replaced, both deleted outside => re-created', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(`
resource "smtp_virtual_server" "vs" {
  name = "rules-tf"
  port = ${await freePort()}
}
${rule('${smtp_virtual_server.vs.id}', 'cidr = "203.0.113.0/24"')}`);
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /smtp_relay_rule\.r will be created[\s\S]+\+ virtual_server_id\s+= \(known after apply\)/);
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    const serverId = (await values(tf, 'smtp_virtual_server.vs')).id;
    assert.equal(first.virtual_server_id, serverId);
    assert.equal((await acc.relay.api('GET', ruleUrl(serverId, first.id))).status, 200);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    const replaced = await tf.ok('apply', '-auto-approve', '-replace=smtp_virtual_server.vs');
    assert.match(replaced.stdout, /2 added, 0 changed, 2 destroyed/);
    const second = await values(tf);
    assert.notEqual(second.virtual_server_id, serverId, 'the rule follows the new server');
    assert.equal((await acc.relay.api('GET', ruleUrl(second.virtual_server_id, second.id))).status, 200);

    assert.equal((await acc.relay.api('DELETE', `/v1/virtual-servers/${second.virtual_server_id}`)).status, 204, 'cascades to the rule');
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /Plan: 2 to add, 0 to change, 0 to destroy/);
    await tf.ok('apply', '-auto-approve');
    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /2 destroyed/);
  });

  test('a network written with host bits and a rule for every address plan with warnings on the attribute, and apply as written', async () => {
    const tf = await acc.workspace();
    tf.writeConfig([rule(serverA, 'cidr = "10.0.0.1/8"', 'typo'), rule(serverA, 'cidr = "0.0.0.0/0"', 'everyone')].join('\n'));
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 2, 'warnings, not errors');
    const output = plan.stdout + plan.stderr;
    // Terraform wraps the detail at any space: match the words with any white space between them.
    const words = (text: string) => text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');
    assert.match(output, new RegExp(`Warning: Network address has host bits set\\s+with smtp_relay_rule\\.typo,[^\\n]*\\n[^\\n]*\\n[^\\n]*cidr\\s+= "10\\.0\\.0\\.1/8"\\s+${
      words('Attribute cidr has host bits set: 10.0.0.1/8 matches every address in 10.0.0.0/8; write 10.0.0.0/8 if the whole network is meant, or 10.0.0.1/32 for the one address')}`));
    assert.match(output, new RegExp(`Warning: Relay rule matches every address\\s+with smtp_relay_rule\\.everyone,[^\\n]*\\n[^\\n]*\\n[^\\n]*cidr\\s+= "0\\.0\\.0\\.0/0"\\s+${
      words('Attribute cidr matches every IPv4 address (0.0.0.0/0): with relay_control.mode "only_listed" (the default) this makes the server an open relay for every client not otherwise refused')}`));
    await tf.ok('apply', '-auto-approve');
    for (const [name, cidr] of [['typo', '10.0.0.1/8'], ['everyone', '0.0.0.0/0']]) {
      const { id } = await values(tf, `smtp_relay_rule.${name}`);
      assert.equal((await acc.relay.api('GET', ruleUrl(serverA, id))).body.cidr, cidr, 'stored as written');
    }
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    await tf.ok('destroy', '-auto-approve');
  });

  test('invalid configuration is a diagnostic naming the attribute', async () => {
    const tf = await acc.workspace();
    tf.writeConfig([
      rule(serverA, 'cidr = "10.0.0.0/8"\n  domain = "example.com"', 'both'),
      rule(serverA, 'subnet_mask = "255.255.0.0"\n  cidr = "10.0.0.0/8"', 'mask_alone'),
      rule(serverA, 'cidr = "10.0.0.0/33"', 'bad_cidr'),
      rule(serverA, 'ip_address = "10.0.0.300"', 'bad_ip'),
      rule(serverA, 'ip_address = "10.0.0.0"\n  subnet_mask = "255.0.255.0"', 'bad_mask'),
      rule(serverA, 'domain = "not a domain"', 'bad_domain'),
      rule(serverA, 'description = "nothing to match"', 'none'),
    ].join('\n'));
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    const errorAt = (name: string, attributeLine: RegExp) => assert.match(result.stderr,
      new RegExp(`in resource "smtp_relay_rule" "${name}":\\s+\\d+:\\s+${attributeLine.source}`), `diagnostic for ${name}`);
    errorAt('both', /domain\s+= "example\.com"/);
    errorAt('mask_alone', /subnet_mask\s+= "255\.255\.0\.0"/);
    errorAt('bad_cidr', /cidr\s+= "10\.0\.0\.0\/33"/);
    errorAt('bad_ip', /ip_address\s+= "10\.0\.0\.300"/);
    errorAt('bad_mask', /subnet_mask\s+= "255\.0\.255\.0"/);
    errorAt('bad_domain', /domain\s+= "not a domain"/);
    assert.match(result.stderr, /in resource "smtp_relay_rule" "none":[\s\S]+Set exactly one of ip_address, ip_address \+ subnet_mask, cidr,\s+or\s+domain/);
    assert.match(result.stderr, /Attribute subnet_mask is only allowed together with\s+ip_address/);
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${serverA}/relay-rules`)).body.items.length, 1, 'nothing was created');
  });
});
