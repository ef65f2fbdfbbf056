// Acceptance tests of smtp_virtual_server with the real terraform binary against a real relay process.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const SECRET = 'smart-Host-Secret-41';
const server = (port: number, body = '') => `
resource "smtp_virtual_server" "x" {
  name = "edge"
  port = ${port}
  ${body}
}`;

/** The first line an SMTP listener on 127.0.0.1:`port` sends; retried for up to 5 s while the listener (re)binds. */
async function greeting(port: number): Promise<string> {
  const once = () => new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 2000 });
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().split('\r\n')[0]); });
    socket.once('timeout', () => { socket.destroy(); reject(new Error(`no greeting on port ${port}`)); });
    socket.once('error', reject);
  });
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      if (attempt >= 25) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('smtp_virtual_server', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  /** Attributes of a resource instance, read from the state file (no extra terraform run). */
  const valuesIn = (tf: TerraformWorkspace, address = 'smtp_virtual_server.x') => {
    const [type, name] = address.split('.');
    return tf.attributes(`${type}.${name}`);
  };
  const read = async (id: string) => (await acc.relay.api('GET', `/v1/virtual-servers/${id}`)).body;

  test('a minimal config plans every default, applies, plans clean, updates in place and is destroyed', async () => {
    const tf = await acc.workspace();
    const [port, newPort] = [await freePort(), await freePort()];
    tf.writeConfig(server(port));
    const plan = await tf.ok('apply', '-auto-approve'); // apply prints the plan it carries out
    for (const shown of [/mode\s+= "only_listed"/, /mode\s+= "all_except_listed"/, /max_message_size_kb\s+= 10240/,
      /connection_timeout_seconds\s+= 600/, /bind_address\s+= "127\.0\.0\.1"/, /fqdn\s+= \(known after apply\)/,
      /drop_directory\s+= \(known after apply\)/, /allow_authenticated\s+= true/, /require_tls\s+= false/]) {
      assert.match(plan.stdout, shown);
    }
    // delivery holds write-only members, so it is not computed: omitted, it is null in plan and state; the relay fills in its defaults.
    assert.doesNotMatch(plan.stdout, /delivery/);
    const created = valuesIn(tf);
    const api = await read(created.id);
    assert.equal(created.fqdn, api.fqdn, 'the server-filled host name is in state');
    assert.equal(created.drop_directory, api.drop_directory);
    assert.deepEqual(created.limits, api.limits);
    assert.equal(created.delivery, null);
    assert.deepEqual([api.delivery.smart_host_port, api.delivery.retry_intervals_minutes, api.delivery.delay_notification_hours, api.delivery.expiration_hours,
      api.delivery.outbound_security.authentication], [25, [15, 30, 60, 240], 12, 48, 'anonymous']);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(server(newPort, `
  local_domains = ["corp.example"]
  limits        = { max_connections = 7 }
  delivery = {
    smart_host               = "127.0.0.1"
    smart_host_port          = 2526
    retry_intervals_minutes  = [0.05, 1]
    delay_notification_hours = 0
    outbound_security = { authentication = "basic", username = "relay", password_wo = "${SECRET}", password_wo_version = 1, tls = true }
  }
  ndr = { send_copy_to = "postmaster@corp.example" }`));
    const update = await tf.ok('apply', '-auto-approve');
    assert.match(update.stdout, /will be updated in-place/);
    assert.doesNotMatch(update.stdout, /forces replacement|must be replaced/, 'nothing forces replacement: the listener re-binds live');
    assert.match(update.stdout, /~ port\s+= \d+ -> \d+/);
    assert.match(update.stdout, /0 added, 1 changed, 0 destroyed/);
    const updated = valuesIn(tf);
    assert.equal(updated.id, created.id, 'same object');
    const after = await read(created.id);
    assert.equal(after.port, newPort);
    assert.match(await greeting(newPort), new RegExp(`^220 ${after.fqdn.replace(/\./g, '\\.')}`), 'the listener re-bound live to the new port');
    assert.equal(after.limits.max_connections, 7);
    assert.equal(after.limits.max_recipients_per_message, 100, 'siblings keep their defaults');
    assert.deepEqual(after.delivery.retry_intervals_minutes, [0.05, 1]);
    assert.equal(after.delivery.delay_notification_hours, null, '0 means no delay notices (the API\'s null)');
    assert.deepEqual(after.delivery.outbound_security, {
      authentication: 'basic', username: 'relay', password_wo_version: 1, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: [], tls: true,
      token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
    });
    const audit = (await acc.relay.api('GET', `/v1/audit-log?object_id=${created.id}&limit=1`)).body.items[0];
    assert.equal(audit.after.delivery.outbound_security.password_wo, '[redacted]', 'the write-only password reached the relay');
    assert.equal(updated.delivery.outbound_security.password_wo, null);
    assert.ok(!tf.stateFile().includes(SECRET), 'the write-only password is never in the state file');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after the update');

    const destroyed = await tf.ok('destroy', '-auto-approve');
    assert.match(destroyed.stdout, /1 destroyed/);
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${created.id}`)).status, 404);
  });

  test('an id unknown until apply inside a nested attribute; nested drift is corrected; a change after the plan is refused (412); a server deleted outside is re-created', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    const config = (recipients: number) => `resource "smtp_certificate" "c" {
  name          = "edge"
  common_name   = "mail.example.test"
  key_algorithm = "ECDSA_P256"
}
${server(port, `limits = { max_recipients_per_message = ${recipients} }\n  tls = { certificate_id = smtp_certificate.c.id }`)}`;
    tf.writeConfig(config(50));
    const plan = await tf.ok('apply', '-auto-approve');
    assert.match(plan.stdout, /tls\s+= \{\s+\+ certificate_id\s+= \(known after apply\)\s+\+ require_128_bit = false\s+\+ require_tls\s+= false/);
    const { id } = valuesIn(tf);
    const certificateId = valuesIn(tf, 'smtp_certificate.c').id;
    assert.equal((await read(id)).tls.certificate_id, certificateId);

    const patched = await acc.relay.api('PATCH', `/v1/virtual-servers/${id}`, { relay_control: { mode: 'all_except_listed' }, limits: { max_recipients_per_message: 9 } });
    assert.equal(patched.status, 200, patched.text);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2, drift.stderr);
    assert.match(drift.stdout, /~ relay_control\s+= \{\s+~ mode\s+= "all_except_listed" -> "only_listed"/);
    assert.match(drift.stdout, /~ max_recipients_per_message\s+= 9 -> 50/);
    await tf.ok('apply', '-auto-approve');
    const restored = await read(id);
    assert.equal(restored.relay_control.mode, 'only_listed');
    assert.equal(restored.limits.max_recipients_per_message, 50);

    tf.writeConfig(config(60));
    await tf.ok('plan', '-out=tfplan');
    assert.equal((await acc.relay.api('PATCH', `/v1/virtual-servers/${id}`, { limits: { max_connections: 5 } })).status, 200);
    const refused = await tf.run('apply', 'tfplan');
    assert.equal(refused.code, 1, 'If-Match: a change made after the plan is never overwritten');
    assert.match(refused.stderr, /Object changed outside Terraform/);
    assert.deepEqual([(await read(id)).limits.max_connections, (await read(id)).limits.max_recipients_per_message], [5, 50]);

    assert.equal((await acc.relay.api('DELETE', `/v1/virtual-servers/${id}`)).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_virtual_server\.x will be created/);
    await tf.ok('apply', '-auto-approve');
    assert.notEqual(valuesIn(tf).id, id);
    assert.equal((await read(valuesIn(tf).id)).limits.max_recipients_per_message, 60);
  });

  test('import by id, and import {} with -generate-config-out, then an empty plan', async () => {
    const port = await freePort();
    const created = await acc.relay.api('POST', '/v1/virtual-servers', {
      name: 'imported', port, local_domains: ['imported.example'], relay_control: { mode: 'only_listed', allow_authenticated: false },
      delivery: { smart_host: 'smart.example', outbound_security: { authentication: 'basic', username: 'u', password_wo: SECRET, password_wo_version: 3 } },
    });
    assert.equal(created.status, 201, created.text);
    const { id } = created.body;

    const byId = await acc.workspace();
    byId.writeConfig(`resource "smtp_virtual_server" "x" {
  name          = "imported"
  port          = ${port}
  local_domains = ["imported.example"]
  relay_control = { allow_authenticated = false }
  delivery = {
    smart_host        = "smart.example"
    outbound_security = { authentication = "basic", username = "u", password_wo_version = 3 }
  }
}`);
    await byId.ok('import', 'smtp_virtual_server.x', id);
    const imported = valuesIn(byId);
    assert.equal(imported.fqdn, created.body.fqdn);
    assert.equal(imported.delivery.outbound_security.password_wo_version, 3);
    const clean = await byId.run('plan', '-detailed-exitcode');
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);

    const generated = await acc.workspace();
    generated.writeConfig(`import {\n  to = smtp_virtual_server.g\n  id = "${id}"\n}`);
    const plan = await generated.run('plan', '-generate-config-out=generated.tf');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    await generated.ok('apply', '-auto-approve');
    const afterImport = await generated.run('plan', '-detailed-exitcode');
    assert.equal(afterImport.code, 0, `the generated config plans clean:\n${afterImport.stdout}`);
    assert.ok(!generated.stateFile().includes(SECRET));
    assert.equal((await read(id)).name, 'imported', 'importing changed nothing');
  });

  test('invalid values, nested ones included, are diagnostics naming the attribute; nothing is created', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(server(70000, `
  bind_address   = "not-an-ip"
  fqdn           = "bad_name.example"
  local_domains  = ["ok.example", "ok.example"]
  drop_directory = "relative/../dir"
  relay_control  = { mode = "open" }
  delivery = {
    smart_host_port         = 0
    retry_intervals_minutes = [15, 0]
    expiration_hours        = 0
    delay_notification_hours = -1
    outbound_security       = { authentication = "basic" }
  }
  ndr = { send_copy_to = "postmaster" }`));
    const before = (await acc.relay.api('GET', '/v1/virtual-servers')).body.items.length;
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    const stderr = result.stderr.replace(/\s+/g, ' ');
    for (const named of [/Attribute port value must be a whole number between 1 and 65535, got: 70000/,
      /Attribute bind_address value must be an IPv4 or IPv6 address/, /Attribute fqdn value must be a domain name/,
      /Attribute drop_directory value must be an absolute path without "\.\." segments or control characters, got: "relative\/\.\.\/dir"/,
      /Attribute local_domains must not repeat an element/, /Attribute relay_control\.mode value must be one of: "only_listed", "all_except_listed", got: "open"/,
      /Attribute delivery\.smart_host_port value must be a whole number between 1 and 65535, got: 0/,
      /Attribute delivery\.retry_intervals_minutes\[1\] value must be a number greater than 0/,
      /Attribute delivery\.expiration_hours value must be a number greater than 0/,
      /Attribute delivery\.delay_notification_hours value must be a number greater than 0, got: -1 \(or 0 for never\)/,
      /Attribute delivery\.outbound_security\.username is required when authentication is basic/,
      /Attribute ndr\.send_copy_to value must be an email address/]) {
      assert.match(stderr, named);
    }
    assert.match(stderr, /on main\.tf line \d+, in resource "smtp_virtual_server" "x": \d+: port = 70000/, 'Terraform underlines top-level values');
    assert.equal((await acc.relay.api('GET', '/v1/virtual-servers')).body.items.length, before, 'nothing was created');
  });
});
