// Acceptance tests of smtp_remote_domain with the real terraform binary against a real relay process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const domain = (serverId: string, body: string) => `
resource "smtp_remote_domain" "d" {
  virtual_server_id = "${serverId}"
  ${body}
}`;

const withAuth = (name: string, password: string, version: number) => `name        = "${name}"
  smart_host  = "127.0.0.1"
  require_tls = true
  outbound_security = {
    authentication      = "basic"
    username            = "relay-user"
    password_wo         = "${password}"
    password_wo_version = ${version}
  }`;

describe('smtp_remote_domain', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let serverA: string;
  let serverB: string;
  /** The attributes of `address` in the state file (read directly: faster than `terraform show -json`). */
  const values = async (tf: TerraformWorkspace, address = 'smtp_remote_domain.d') =>
    tf.attributes(address);
  const url = (serverId: string, id: string) => `/v1/virtual-servers/${serverId}/remote-domains/${id}`;
  const createServer = async (name: string) => {
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };
  /** The relay's own decision for an anonymous, unlisted client sending to `recipient`. */
  const relayDecision = async (serverId: string, recipient: string) => (await acc.relay.api('POST', '/v1/relay-check',
    { virtual_server_id: serverId, client_ip: '203.0.113.9', sender: 'a@example.org', recipient })).body.decision;
  /** The newest audit entry of the object (secrets appear as "[redacted]" when one was written). */
  const lastAudit = async (id: string) => (await acc.relay.api('GET', `/v1/audit-log?object_id=${id}&limit=1`)).body.items[0];

  before(async () => {
    serverA = await createServer('domains-a');
    serverB = await createServer('domains-b');
  });

  test('defaults in the plan, update in place with a write-only password and its rotation, drift, replace, deleted outside, destroy', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(domain(serverA, 'name = "partner.example"'));
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /\+ smart_host_port\s+= 25/);
    assert.match(plan.stdout, /\+ allow_incoming_relay\s+= false/);
    // It holds write-only members, so it is not computed: omitted, it is null in plan and state, and the relay fills in its defaults.
    assert.doesNotMatch(plan.stdout, /outbound_security/);
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    assert.equal(first.outbound_security, null);
    assert.deepEqual((await acc.relay.api('GET', url(serverA, first.id))).body.outbound_security, {
      authentication: 'anonymous', username: null, password_wo_version: null, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: [],
      tls: false, token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
    });
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(domain(serverA, withAuth('*.partner.example', 'first-Secret-1', 1)));
    const update = await tf.run('plan', '-detailed-exitcode');
    assert.equal(update.code, 2);
    assert.match(update.stdout, /will be updated in-place/);
    assert.match(update.stdout, /~ name\s+= "partner\.example" -> "\*\.partner\.example"/);
    assert.match(update.stdout, /\+ password_wo_version\s+= 1/);
    await tf.ok('apply', '-auto-approve');
    const updated = await values(tf);
    assert.equal(updated.id, first.id, 'same object');
    const stored = (await acc.relay.api('GET', url(serverA, first.id))).body;
    assert.deepEqual([stored.name, stored.smart_host, stored.require_tls, stored.outbound_security.username], ['*.partner.example', '127.0.0.1', true, 'relay-user']);
    assert.equal((await lastAudit(first.id)).after.outbound_security.password_wo, '[redacted]', 'the password was sent');
    assert.doesNotMatch(tf.stateFile(), /first-Secret-1/);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'a write-only password is no diff');

    tf.writeConfig(domain(serverA, withAuth('*.partner.example', 'second-Secret-2', 2)));
    const rotate = await tf.run('plan', '-detailed-exitcode');
    assert.match(rotate.stdout, /~ password_wo_version\s+= 1 -> 2/);
    await tf.ok('apply', '-auto-approve');
    const rotated = await lastAudit(first.id);
    assert.equal(rotated.after.outbound_security.password_wo_version, 2);
    assert.equal(rotated.after.outbound_security.password_wo, '[redacted]');
    assert.doesNotMatch(tf.stateFile(), /second-Secret-2/);

    assert.equal(await relayDecision(serverA, 'x@mx.partner.example'), 'reject');
    assert.equal((await acc.relay.api('PATCH', url(serverA, first.id), { allow_incoming_relay: true })).status, 200);
    assert.equal(await relayDecision(serverA, 'x@mx.partner.example'), 'accept', 'the drift is live');
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /~ allow_incoming_relay\s+= true -> false/);
    await tf.ok('apply', '-auto-approve');
    assert.equal(await relayDecision(serverA, 'x@mx.partner.example'), 'reject', 'apply restored it');

    tf.writeConfig(domain(serverB, withAuth('*.partner.example', 'second-Secret-2', 2)));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.match(replace.stdout, /~ virtual_server_id\s+= "[^"]+" -> "[^"]+" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const moved = await values(tf);
    assert.equal((await acc.relay.api('GET', url(serverA, first.id))).status, 404);
    assert.equal((await lastAudit(moved.id)).after.outbound_security.password_wo, '[redacted]', 'the replacement got the password');

    assert.equal((await acc.relay.api('DELETE', url(serverB, moved.id))).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_remote_domain\.d will be created/);
    await tf.ok('apply', '-auto-approve');
    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /1 destroyed/);
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${serverB}/remote-domains`)).body.items.length, 0);
  });

  test('import by <virtual_server_id>/<id>, then an empty plan', async () => {
    const created = await acc.relay.api('POST', `/v1/virtual-servers/${serverA}/remote-domains`,
      { name: 'imported.example', smart_host_port: 2525, outbound_security: { authentication: 'integrated', username: 'u', password_wo: 'imported-Secret-3', password_wo_version: 7 } });
    assert.equal(created.status, 201, created.text);
    const tf = await acc.workspace();
    tf.writeConfig(domain(serverA, `name = "imported.example"
  smart_host_port = 2525
  outbound_security = {
    authentication      = "integrated"
    username            = "u"
    password_wo_version = 7
  }`));
    await tf.ok('import', 'smtp_remote_domain.d', `${serverA}/${created.body.id}`);
    assert.equal((await values(tf)).outbound_security.password_wo_version, 7);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('a remote domain that already exists: the 409 names the terraform import command and import block, which then adopt it', async () => {
    const existing = await acc.relay.api('POST', `/v1/virtual-servers/${serverB}/remote-domains`, { name: 'taken.example' });
    assert.equal(existing.status, 201, existing.text);
    const importId = `${serverB}/${existing.body.id}`;
    const tf = await acc.workspace();
    tf.writeConfig(domain(serverB, 'name = "taken.example"'));
    const failed = await tf.run('apply', '-auto-approve');
    assert.equal(failed.code, 1);
    const words = (text: string) => text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');
    assert.match(failed.stderr, new RegExp(`Error: smtp_remote_domain already exists\\s+with smtp_remote_domain\\.d,[^\\n]*\\n[^\\n]*\\n[^\\n]*name = "taken\\.example"\\s+${
      words(`Remote domain taken.example already exists on this virtual server (id ${existing.body.id}). To manage that object with Terraform, import it`)}`));
    assert.match(failed.stderr, new RegExp(`terraform import <address> ${words(importId)}\\s+or, in the configuration:\\s+import \\{\\s+to = <address>\\s+id = "${words(importId)}"`));
    // Doing what it says adopts the object: one import, no create, then a clean plan.
    tf.writeConfig(`${domain(serverB, 'name = "taken.example"')}\nimport {\n  to = smtp_remote_domain.d\n  id = "${importId}"\n}\n`);
    assert.match((await tf.ok('apply', '-auto-approve')).stdout, /1 imported, 0 added, 0 changed, 0 destroyed/);
    assert.equal((await values(tf)).id, existing.body.id);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    await tf.ok('destroy', '-auto-approve');
  });

  test('invalid configuration is a diagnostic naming the attribute, also inside outbound_security', async () => {
    const count = async () => (await acc.relay.api('GET', `/v1/virtual-servers/${serverA}/remote-domains`)).body.items.length;
    const existing = await count();
    const tf = await acc.workspace();
    tf.writeConfig(domain(serverA, `name = "bad_domain!"
  smart_host      = "not a host"
  smart_host_port = 70000
  outbound_security = {
    authentication = "basic"
  }`));
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /name\s+= "bad_domain!"[\s\S]+a domain name such as example\.com, münchen\.de or\s+\*\.example\.com/);
    assert.match(result.stderr, /smart_host\s+= "not a host"[\s\S]+host name or IP/);
    assert.match(result.stderr, /smart_host_port\s+= 70000[\s\S]+between 1 and 65535/);
    assert.match(result.stderr, /outbound_security\.username is required when authentication is\s+basic/);
    assert.equal(await count(), existing, 'nothing was created');
  });
});
