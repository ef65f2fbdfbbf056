// Acceptance tests of smtp_account with the real terraform binary against a real relay process.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import type { TestRelay } from '../support/test-relay.ts';
import { acceptance } from '../support/terraform.ts';

const account = (name: string, extra = '') => `
resource "smtp_account" "a" {
  name                = "${name}"
  password_wo         = "first-Secret-1"
  password_wo_version = 1
  ${extra}
}`;

/** Basic-auth API call as the account itself: proves which password the relay holds. */
async function canLogIn(relay: TestRelay, id: string, user: string, password: string): Promise<boolean> {
  const response = await relay.api('GET', `/v1/accounts/${id}`, undefined, { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  return response.status === 200;
}

describe('smtp_account', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  const resourceIn = (state: any) => state.values.root_module.resources.find((r: any) => r.address === 'smtp_account.a');

  test('create, clean plan, update in place, password rotation, replace, destroy', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(account('alice'));
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /\+ id\s+= \(known after apply\)/);
    assert.match(plan.stdout, /password_wo\s+= \(write-only attribute\)/);

    await tf.ok('apply', '-auto-approve');
    const first = resourceIn(await tf.state()).values;
    assert.match(first.id, /\S/);
    assert.equal(first.domain, '', 'the default is in state');
    assert.equal(first.password_wo, null);
    assert.doesNotMatch(tf.stateFile(), /first-Secret-1/);
    assert.ok(await canLogIn(acc.relay, first.id, 'alice', 'first-Secret-1'));

    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(account('alice', 'domain = "CORP"'));
    const update = await tf.run('plan', '-detailed-exitcode');
    assert.equal(update.code, 2);
    assert.match(update.stdout, /will be updated in-place/);
    assert.match(update.stdout, /[~+] domain\s+= (?:"" -> )?"CORP"/); // terraform renders "" as absent
    await tf.ok('apply', '-auto-approve');
    assert.equal(resourceIn(await tf.state()).values.id, first.id, 'same object');
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${first.id}`)).body.domain, 'CORP');

    tf.writeConfig(account('alice', 'domain = "CORP"').replace('first-Secret-1', 'second-Secret-2').replace('= 1', '= 2'));
    await tf.ok('apply', '-auto-approve');
    assert.ok(await canLogIn(acc.relay, first.id, 'CORP\\alice', 'second-Secret-2'), 'rotated password works');
    assert.ok(!(await canLogIn(acc.relay, first.id, 'CORP\\alice', 'first-Secret-1')), 'old password no longer works');
    assert.doesNotMatch(tf.stateFile(), /second-Secret-2/);

    tf.writeConfig(account('bob', 'domain = "CORP"'));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.equal(replace.code, 2);
    assert.match(replace.stdout, /must be replaced/);
    assert.match(replace.stdout, /~ name\s+= "alice" -> "bob" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const replaced = resourceIn(await tf.state()).values;
    assert.notEqual(replaced.id, first.id);
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${first.id}`)).status, 404, 'the old account is gone');

    const destroyed = await tf.ok('destroy', '-auto-approve');
    assert.match(destroyed.stdout, /1 destroyed/);
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${replaced.id}`)).status, 404);
  });

  test('drift made through the API is planned and corrected; an object deleted outside is re-created', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(account('carol', 'domain = "SALES"'));
    await tf.ok('apply', '-auto-approve');
    const id = resourceIn(await tf.state()).values.id;

    const changed = await acc.relay.api('PUT', `/v1/accounts/${id}`, { name: 'carol', domain: 'OTHER', password_wo_version: 1 });
    assert.equal(changed.status, 200);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /~ domain\s+= "OTHER" -> "SALES"/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${id}`)).body.domain, 'SALES');

    assert.equal((await acc.relay.api('DELETE', `/v1/accounts/${id}`)).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_account\.a will be created/);
    await tf.ok('apply', '-auto-approve');
    assert.notEqual(resourceIn(await tf.state()).values.id, id);
    await tf.ok('destroy', '-auto-approve');
  });

  test('a change between plan and apply is refused with a clear error, never overwritten', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(account('dave'));
    await tf.ok('apply', '-auto-approve');
    const id = resourceIn(await tf.state()).values.id;
    tf.writeConfig(account('dave', 'domain = "OPS"'));
    await tf.ok('plan', '-out=tfplan');
    assert.equal((await acc.relay.api('PUT', `/v1/accounts/${id}`, { name: 'dave', domain: 'SOMEONE', password_wo_version: 1 })).status, 200);
    const apply = await tf.run('apply', 'tfplan');
    assert.equal(apply.code, 1);
    assert.match(apply.stderr, /Object changed outside Terraform/);
    assert.match(apply.stderr, /terraform plan/);
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${id}`)).body.domain, 'SOMEONE', 'the other change survived');
    assert.equal(resourceIn(await tf.state()).values.id, id, 'still in state after the failed update');
    await tf.ok('destroy', '-auto-approve');
  });

  test('import by id, and import {} with -generate-config-out, then an empty plan', async () => {
    const created = await acc.relay.api('POST', '/v1/accounts', { name: 'erin', domain: 'HR', password_wo: 'imported-Secret-3', password_wo_version: 4 });
    assert.equal(created.status, 201);
    const id = created.body.id;

    const byId = await acc.workspace();
    byId.writeConfig(account('erin', 'domain = "HR"').replace('= 1', '= 4'));
    await byId.ok('import', 'smtp_account.a', id);
    assert.deepEqual({ ...resourceIn(await byId.state()).values }, { id, name: 'erin', domain: 'HR', password_wo: null, password_wo_version: 4 });
    assert.equal((await byId.run('plan', '-detailed-exitcode')).code, 0);

    const generated = await acc.workspace();
    generated.writeConfig(`import {\n  to = smtp_account.a\n  id = "${id}"\n}`);
    const plan = await generated.run('plan', '-generate-config-out=generated.tf');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    await generated.ok('apply', '-auto-approve');
    assert.equal((await generated.run('plan', '-detailed-exitcode')).code, 0, 'the generated config plans clean');

    const missing = await acc.workspace();
    missing.writeConfig(account('nobody'));
    const notFound = await missing.run('import', 'smtp_account.a', 'no-such-id');
    assert.equal(notFound.code, 1);
    assert.match(notFound.stderr, /non-existent remote object/i);
  });

  test('invalid configuration is a diagnostic naming the attribute', async () => {
    const tf = await acc.workspace();
    writeFileSync(join(tf.dir, 'extra.tf'), '');
    tf.writeConfig(account('has space', 'domain = "A@B"'));
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Invalid Attribute Value/);
    assert.match(result.stderr, /name value must be a name without/);
    assert.match(result.stderr, /domain value must be a domain without/);
    assert.match(result.stderr, /on main\.tf line \d+, in resource "smtp_account" "a":\s+\d+:\s+name\s+= "has space"/);
  });

  test('the provider process exits when Terraform asks (no 2 s kill)', async (t) => {
    const tf = await acc.workspace({ SMTP_RELAY_ENDPOINT: acc.relay.apiUrl, SMTP_RELAY_TOKEN: acc.relay.token, TF_LOG: 'debug' });
    tf.writeConfig(account('frank'));
    const apply = await tf.ok('apply', '-auto-approve');
    assert.doesNotMatch(apply.stderr, /plugin failed to exit gracefully/);
    // Terraform's debug log: our "shutdown requested" line, then go-plugin's "plugin process exited".
    const at = (line: string) => Date.parse(line.slice(0, line.indexOf(' ')));
    const lines = apply.stderr.split('\n');
    const gaps = lines.flatMap((line, i) => {
      if (!line.includes('shutdown requested by the host')) return [];
      const exited = lines.slice(i).find((l) => l.includes('plugin process exited'));
      return exited ? [at(exited) - at(line)] : [Infinity];
    });
    assert.ok(gaps.length >= 2, 'terraform stopped the provider at least twice during apply');
    assert.ok(gaps.every((ms) => ms < 1000), `shutdown-to-exit gaps: ${gaps.join(', ')} ms`);
    t.diagnostic(`apply: ${Math.round(apply.ms)} ms; shutdown request to process exit: ${gaps.join(', ')} ms`);
    await tf.ok('destroy', '-auto-approve');
  });
});
