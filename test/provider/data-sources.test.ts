// Acceptance tests of the data sources smtp_virtual_server (by id and by name) and smtp_relay_check (in a check block).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

/** A managed server, both lookups of it, and a check block that fails when an anonymous outsider may relay. */
const config = (port: number, relayMode: string) => `
resource "smtp_virtual_server" "x" {
  name          = "lookup-me"
  port          = ${port}
  local_domains = ["corp.example"]
  relay_control = { mode = "${relayMode}" }
}

data "smtp_virtual_server" "by_id" {
  id = smtp_virtual_server.x.id
}

data "smtp_virtual_server" "by_name" {
  name       = "lookup-me"
  depends_on = [smtp_virtual_server.x]
}

data "smtp_relay_check" "member" {
  virtual_server_id = smtp_virtual_server.x.id
  client_ip         = "203.0.113.5"
  authenticated_as  = "alice"
  sender            = "alice@corp.example"
  recipient         = "bob@partner.example"
}

check "not_an_open_relay" {
  data "smtp_relay_check" "outsider" {
    virtual_server_id = smtp_virtual_server.x.id
    client_ip         = "198.51.100.7"
    sender            = "spam@spam.example"
    recipient         = "victim@elsewhere.example"
  }
  assert {
    condition     = data.smtp_relay_check.outsider.decision == "reject"
    error_message = "OPEN RELAY: an anonymous outsider may relay (\${data.smtp_relay_check.outsider.smtp_code} \${data.smtp_relay_check.outsider.reason})"
  }
}

output "by_id" { value = data.smtp_virtual_server.by_id }
output "by_name" { value = data.smtp_virtual_server.by_name }
output "member" { value = data.smtp_relay_check.member }
`;

describe('data sources', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let tf: TerraformWorkspace;

  before(async () => {
    relay = await startTestRelay({ mode: 'child-process' });
    tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
  });
  after(async () => {
    tf?.dispose();
    await relay?.dispose();
  });

  test('smtp_virtual_server reads by id and by name; smtp_relay_check answers with the live policy; the check warns only for an open relay', async () => {
    const port = await freePort();
    tf.writeConfig(config(port, 'only_listed'));
    const first = await tf.ok('plan');
    assert.match(first.stdout, /data\.smtp_virtual_server\.by_id will be read during apply/, 'an unknown id defers the read');
    const applied = await tf.ok('apply', '-auto-approve');
    assert.doesNotMatch(applied.stdout + applied.stderr, /OPEN RELAY/);

    const outputs = JSON.parse((await tf.ok('output', '-json')).stdout);
    const api = (await relay.api('GET', `/v1/virtual-servers/${outputs.by_id.value.id}`)).body;
    for (const found of [outputs.by_id.value, outputs.by_name.value]) {
      assert.equal(found.id, api.id);
      assert.equal(found.name, 'lookup-me');
      assert.equal(found.port, port);
      assert.equal(found.fqdn, api.fqdn);
      assert.deepEqual(found.local_domains, ['corp.example']);
      assert.deepEqual(found.limits, api.limits);
      assert.deepEqual(found.delivery.retry_intervals_minutes, [15, 30, 60, 240]);
      assert.deepEqual(found.delivery.outbound_security, {
        authentication: 'anonymous', username: null, password_wo_version: null, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: null, tls: false,
        token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
      });
      assert.equal(found.relay_control.mode, 'only_listed');
    }
    assert.deepEqual({ ...outputs.member.value, reason: typeof outputs.member.value.reason },
      { virtual_server_id: api.id, client_ip: '203.0.113.5', client_hostname: null, authenticated_as: 'alice', sender: 'alice@corp.example',
        recipient: 'bob@partner.example', decision: 'accept', smtp_code: 250, enhanced_status: outputs.member.value.enhanced_status, reason: 'string' });

    const safe = await tf.run('plan'); // a check's own data source is always re-read, so -detailed-exitcode would say 2
    assert.equal(safe.code, 0, safe.stderr);
    assert.match(safe.stdout, /Plan: 0 to add, 0 to change, 0 to destroy/);
    assert.match(safe.stdout, /decision\s+= "reject"/);
    assert.doesNotMatch(safe.stdout + safe.stderr, /OPEN RELAY|Check block assertion failed/);

    tf.writeConfig(config(port, 'all_except_listed'));
    await tf.ok('apply', '-auto-approve');
    const open = await tf.run('plan');
    assert.equal(open.code, 0, 'a failed check is a warning, not an error');
    assert.match(open.stdout + open.stderr, /Warning: Check block assertion failed/);
    assert.match(open.stdout + open.stderr, /OPEN RELAY: an anonymous outsider may relay \(250 /);

    tf.writeConfig(config(port, 'only_listed'));
    await tf.ok('apply', '-auto-approve');
    const closed = await tf.run('plan');
    assert.doesNotMatch(closed.stdout + closed.stderr, /Check block assertion failed/, 'closing the relay clears the warning');
    const scoped = await tf.run('plan', '-detailed-exitcode');
    assert.equal(scoped.code, 2, 'the data source scoped in the check block is planned as a read: "changes" although none');
    assert.match(scoped.stdout, /Plan: 0 to add, 0 to change, 0 to destroy/);

    // The pattern the smtp_relay_check docs show: the data source at the top level, the check block only asserting.
    const topLevel = (relayMode: string) => config(port, relayMode).replace(/check "not_an_open_relay" \{\n {2}(data "smtp_relay_check" "outsider" \{[\s\S]+?\n {2}\})\n/,
      (_whole, data: string) => `${data}\n\ncheck "not_an_open_relay" {\n`);
    assert.match(topLevel('only_listed'), /\n {2}\}\n\ncheck "not_an_open_relay" \{\n {2}assert/);
    tf.writeConfig(topLevel('only_listed'));
    const clean = await tf.run('plan', '-detailed-exitcode');
    assert.equal(clean.code, 0, `the top-level data source plans clean:\n${clean.stdout}${clean.stderr}`);
    tf.writeConfig(topLevel('all_except_listed'));
    await tf.ok('apply', '-auto-approve');
    assert.match((await tf.run('plan')).stdout, /Warning: Check block assertion failed/, 'and the check still catches an open relay');
  });

  test('lookups that find nothing, and checks of unknown servers, are diagnostics naming the attribute', async () => {
    tf.writeConfig('data "smtp_virtual_server" "both" {\n  id   = "a"\n  name = "b"\n}');
    const invalid = await tf.run('plan');
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr.replace(/\s+/g, ' '), /Attributes "id", "name" cannot be set together: exactly one of "id", "name" must be set/);

    tf.writeConfig(`
data "smtp_virtual_server" "none" {
  name = "no-such-server"
}
data "smtp_relay_check" "bad" {
  virtual_server_id = "no-such-id"
  client_ip         = "198.51.100.7"
  sender            = ""
  recipient         = "x@example.org"
}`);
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Virtual server not found[\s\S]*No virtual server you may read is named "no-such-server"/);
    assert.match(result.stderr, /in data "smtp_relay_check" "bad":\s+\d+:\s+virtual_server_id = "no-such-id"[\s\S]*refers to virtual server no-such-id, which does not exist/);
  });
});
