// Acceptance tests of smtp_operator with the real terraform binary against a real relay process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

/** Two accounts managed by Terraform and one operator whose account_id is unknown until the account exists. */
const config = (serverId: string, account: 'a' | 'b') => `
resource "smtp_account" "a" {
  name                = "op-alice"
  password_wo         = "alice-Secret-1"
  password_wo_version = 1
}

resource "smtp_account" "b" {
  name                = "op-bob"
  password_wo         = "bob-Secret-1"
  password_wo_version = 1
}

resource "smtp_operator" "o" {
  virtual_server_id = "${serverId}"
  account_id        = smtp_account.${account}.id
}`;

describe('smtp_operator', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let serverA: string;
  let serverB: string;
  /** The attributes of `address` in the state file (read directly: faster than `terraform show -json`). */
  const values = async (tf: TerraformWorkspace, address: string) =>
    tf.attributes(address);
  const createServer = async (name: string) => {
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };
  /** The status an account gets reading a virtual server with its own password: proves the operator right. */
  const readAs = async (user: string, password: string, serverId: string) =>
    (await acc.relay.api('GET', `/v1/virtual-servers/${serverId}`, undefined, { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })).status;

  before(async () => {
    serverA = await createServer('ops-a');
    serverB = await createServer('ops-b');
  });

  test('create with an unknown account_id, clean plan, replace on account_id and virtual_server_id, drift, deleted outside, destroy', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(config(serverA, 'a'));
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /smtp_operator\.o will be created[\s\S]+\+ account_id\s+= \(known after apply\)/);
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf, 'smtp_operator.o');
    const alice = await values(tf, 'smtp_account.a');
    assert.deepEqual({ ...first, id: 'x' }, { id: 'x', virtual_server_id: serverA, account_id: alice.id, directory_id: null, directory_dn: null });
    assert.equal(await readAs('op-alice', 'alice-Secret-1', serverA), 200, 'the operator may manage its server');
    assert.equal(await readAs('op-alice', 'alice-Secret-1', serverB), 403, 'and nothing else');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(config(serverA, 'b'));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.equal(replace.code, 2);
    assert.match(replace.stdout, /smtp_operator\.o must be replaced[\s\S]+~ account_id\s+= "[^"]+" -> "[^"]+" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const second = await values(tf, 'smtp_operator.o');
    assert.notEqual(second.id, first.id);
    assert.equal(await readAs('op-alice', 'alice-Secret-1', serverA), 403, 'alice lost the right');
    assert.equal(await readAs('op-bob', 'bob-Secret-1', serverA), 200, 'bob has it');

    const drifted = await acc.relay.api('PUT', `/v1/virtual-servers/${serverA}/operators/${second.id}`, { account_id: alice.id });
    assert.equal(drifted.status, 200, drifted.text);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, new RegExp(`~ account_id\\s+= "${alice.id}" -> "[^"]+" # forces replacement`));
    await tf.ok('apply', '-auto-approve');
    assert.equal(await readAs('op-bob', 'bob-Secret-1', serverA), 200, 'apply restored bob');

    tf.writeConfig(config(serverB, 'b'));
    const move = await tf.run('plan', '-detailed-exitcode');
    assert.match(move.stdout, /~ virtual_server_id\s+= "[^"]+" -> "[^"]+" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const third = await values(tf, 'smtp_operator.o');
    assert.equal(await readAs('op-bob', 'bob-Secret-1', serverB), 200);
    assert.equal(await readAs('op-bob', 'bob-Secret-1', serverA), 403);

    assert.equal((await acc.relay.api('DELETE', `/v1/virtual-servers/${serverB}/operators/${third.id}`)).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_operator\.o will be created/);
    assert.match(gone.stdout, /Plan: 1 to add, 0 to change, 0 to destroy/);
    await tf.ok('apply', '-auto-approve');
    assert.equal(await readAs('op-bob', 'bob-Secret-1', serverB), 200, 're-created');

    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /3 destroyed/);
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${serverB}/operators`)).body.items.length, 0);
  });

  test('import by <virtual_server_id>/<id>, then an empty plan', async () => {
    const account = await acc.relay.api('POST', '/v1/accounts', { name: 'op-carol', password_wo: 'carol-Secret-1', password_wo_version: 1 });
    const operator = await acc.relay.api('POST', `/v1/virtual-servers/${serverA}/operators`, { account_id: account.body.id });
    assert.equal(operator.status, 201, operator.text);
    const tf = await acc.workspace();
    tf.writeConfig(`resource "smtp_operator" "o" {\n  virtual_server_id = "${serverA}"\n  account_id = "${account.body.id}"\n}`);
    await tf.ok('import', 'smtp_operator.o', `${serverA}/${operator.body.id}`);
    assert.deepEqual(await values(tf, 'smtp_operator.o'), { id: operator.body.id, virtual_server_id: serverA, account_id: account.body.id, directory_id: null, directory_dn: null });
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('invalid configuration and an unknown account are diagnostics naming account_id', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(`resource "smtp_operator" "o" {\n  virtual_server_id = "${serverA}"\n  account_id = ""\n}`);
    const empty = await tf.run('plan');
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /Invalid Attribute Value[\s\S]+account_id\s+= ""/);

    tf.writeConfig(`resource "smtp_operator" "o" {\n  virtual_server_id = "${serverA}"\n  account_id = "no-such-account"\n}`);
    const missing = await tf.run('apply', '-auto-approve');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /with smtp_operator\.o,[\s\S]+account_id\s+= "no-such-account"[\s\S]+refers to account no-such-account, which does not exist/);
  });
});
