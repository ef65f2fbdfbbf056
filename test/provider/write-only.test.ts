// Acceptance tests of write-only attributes with the real terraform binary: no computed ancestor (schema and mock_provider),
// their errors at plan time, and versions that an import leaves out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const MOCK_FIXTURE = fileURLToPath(new URL('./fixtures/mock-provider', import.meta.url));

interface SchemaAttribute { computed?: boolean; write_only?: boolean; nested_type?: { attributes: Record<string, SchemaAttribute> } }

/** The dotted paths of write-only attributes below a computed one, and of every write-only attribute seen. */
function walk(attributes: Record<string, SchemaAttribute>, at: string, computedAncestor: string | null, found: { offending: string[]; writeOnly: string[] }) {
  for (const [name, attribute] of Object.entries(attributes)) {
    const path = `${at}.${name}`;
    if (attribute.write_only) {
      found.writeOnly.push(path);
      if (computedAncestor) found.offending.push(`${path} (under computed ${computedAncestor})`);
    }
    if (attribute.nested_type) walk(attribute.nested_type.attributes, path, computedAncestor ?? (attribute.computed ? path : null), found);
  }
}

describe('write-only attributes', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  const stateOf = (tf: TerraformWorkspace, type: string, name: string) =>
    tf.attributes(`${type}.${name}`);
  const counts = async () => {
    const servers = (await acc.relay.api('GET', '/v1/virtual-servers')).body.items;
    return { servers: servers.length, accounts: (await acc.relay.api('GET', '/v1/accounts')).body.items.length };
  };

  test('no write-only attribute of any resource or data source has a computed ancestor (terraform providers schema -json)', async () => {
    const tf = await acc.workspace({});
    tf.writeConfig('');
    const schema = JSON.parse((await tf.ok('providers', 'schema', '-json')).stdout).provider_schemas['registry.terraform.io/relayform/smtp'];
    const found = { offending: [] as string[], writeOnly: [] as string[] };
    for (const kind of ['resource_schemas', 'data_source_schemas'] as const) {
      for (const [type, { block }] of Object.entries<any>(schema[kind])) walk(block.attributes, type, null, found);
    }
    assert.deepEqual(found.offending, []);
    assert.ok(found.writeOnly.includes('smtp_virtual_server.delivery.outbound_security.password_wo'), found.writeOnly.join());
    assert.ok(found.writeOnly.includes('smtp_remote_domain.outbound_security.client_secret_wo'), found.writeOnly.join());
    assert.ok(found.writeOnly.includes('smtp_account.password_wo'), found.writeOnly.join());
  });

  test('terraform test with mock_provider plans and applies every resource and data source type', async () => {
    const tf = await acc.workspace({});
    cpSync(MOCK_FIXTURE, tf.dir, { recursive: true });
    const result = await tf.run('test', '-no-color');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Success! 2 passed, 0 failed\./);
    assert.doesNotMatch(result.stdout + result.stderr, /write-only attribute/);
  });

  test('a missing secret is a plan-time error on its attribute: on create, and with a new version; nothing changes on the relay', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    const before = await counts();
    tf.writeConfig(`
resource "smtp_account" "no_password" {
  name = "no-password"
}
resource "smtp_virtual_server" "x" {
  name           = "plan-time-${port}"
  port           = ${port}
  delivery = {
    smart_host        = "smart.example"
    outbound_security = { authentication = "basic", username = "relay", tls_policy = "verify" }
  }
}
resource "smtp_remote_domain" "d" {
  virtual_server_id = "vs-that-need-not-exist"
  name              = "partner.example"
  outbound_security = { authentication = "oauth2", username = "relay@corp.test", token_url = "https://login.test/token", client_id = "app", scope = "s" }
}`);
    const result = await tf.run('plan');
    assert.equal(result.code, 1, result.stdout);
    const stderr = result.stderr.replace(/\s+/g, ' ');
    assert.match(stderr, /Error: Missing password with smtp_account\.no_password, .* Attribute password_wo is required when creating this object/);
    assert.match(stderr, /Error: Missing password with smtp_virtual_server\.x, .* Attribute delivery\.outbound_security\.password_wo is required when creating this object with authentication = "basic"/);
    assert.match(stderr, /Error: Missing client secret with smtp_remote_domain\.d, .* Attribute outbound_security\.client_secret_wo is required when creating this object with authentication = "oauth2"/);
    assert.deepEqual(await counts(), before, 'nothing was created');

    tf.writeConfig(`
resource "smtp_virtual_server" "x" {
  name           = "plan-time-${port}"
  port           = ${port}
  drop_directory = "relative/../dir"
}`);
    const directory = await tf.run('plan');
    assert.equal(directory.code, 1, directory.stdout);
    assert.match(directory.stderr.replace(/\s+/g, ' '), /with smtp_virtual_server\.x, .* Attribute drop_directory value must be an absolute path without "\.\." segments/);
    assert.deepEqual(await counts(), before, 'nothing was created');

    tf.writeConfig(`
resource "smtp_account" "a" {
  name                = "rotating-${port}"
  password_wo         = "first-Secret-1"
  password_wo_version = 1
}`);
    await tf.ok('apply', '-auto-approve');
    const { id } = stateOf(tf, 'smtp_account', 'a');
    tf.writeConfig(`
resource "smtp_account" "a" {
  name                = "rotating-${port}"
  password_wo_version = 2
}`);
    const bump = await tf.run('plan');
    assert.equal(bump.code, 1, bump.stdout);
    assert.match(bump.stderr.replace(/\s+/g, ' '), /Error: Missing password with smtp_account\.a, .* Attribute password_wo must be set when password_wo_version changes/);
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${id}`)).body.password_wo_version, 1, 'the relay still has version 1');
  });

  test('an imported account whose configuration leaves out password_wo_version plans clean, and the version is never planned back to null', async () => {
    const created = await acc.relay.api('POST', '/v1/accounts', { name: 'imported-alice', password_wo: 'imported-Secret-1', password_wo_version: 1 });
    assert.equal(created.status, 201, created.text);
    const tf = await acc.workspace();
    tf.writeConfig('resource "smtp_account" "a" {\n  name = "imported-alice"\n}');
    await tf.ok('import', 'smtp_account.a', created.body.id);
    const clean = await tf.run('plan', '-detailed-exitcode');
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(stateOf(tf, 'smtp_account', 'a').password_wo_version, 1);

    const generated = await acc.workspace();
    generated.writeConfig(`import {\n  to = smtp_account.g\n  id = "${created.body.id}"\n}`);
    const plan = await generated.run('plan', '-generate-config-out=generated.tf');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    await generated.ok('apply', '-auto-approve');
    const afterImport = await generated.run('plan', '-detailed-exitcode');
    assert.equal(afterImport.code, 0, afterImport.stdout);
    assert.equal((await acc.relay.api('GET', `/v1/accounts/${created.body.id}`)).body.password_wo_version, 1);
  });

  test('omitted delivery and outbound_security stay null in state while the relay holds their defaults; a change made outside shows', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    tf.writeConfig(`
resource "smtp_virtual_server" "x" {
  name    = "omitted-${port}"
  port    = ${port}
  enabled = false
}
resource "smtp_remote_domain" "d" {
  virtual_server_id = smtp_virtual_server.x.id
  name              = "omitted.example"
}`);
    await tf.ok('apply', '-auto-approve');
    const server = stateOf(tf, 'smtp_virtual_server', 'x');
    assert.equal(server.delivery, null);
    assert.equal(stateOf(tf, 'smtp_remote_domain', 'd').outbound_security, null);
    const stored = (await acc.relay.api('GET', `/v1/virtual-servers/${server.id}`));
    assert.equal(stored.body.delivery.smart_host_port, 25, 'the relay filled in its defaults');
    assert.equal(stored.body.delivery.outbound_security.authentication, 'anonymous');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);

    const changed = await acc.relay.api('PATCH', `/v1/virtual-servers/${server.id}`, { delivery: { smart_host_port: 2525 } }, { 'if-match': stored.headers.get('etag')! });
    assert.equal(changed.status, 200, changed.text);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2, drift.stdout);
    assert.match(drift.stdout, /- delivery\s+= \{/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${server.id}`)).body.delivery.smart_host_port, 25, 'apply restored the defaults');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });
});
