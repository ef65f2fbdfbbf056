// Acceptance tests of smtp_connection_rule with the real terraform binary against a real relay process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const rule = (serverId: string, match: string, name = 'c') => `
resource "smtp_connection_rule" "${name}" {
  virtual_server_id = "${serverId}"
  ${match}
}`;

describe('smtp_connection_rule', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let serverA: string;
  let serverB: string;
  /** The attributes of `address` in the state file (read directly: faster than `terraform show -json`). */
  const values = async (tf: TerraformWorkspace, address = 'smtp_connection_rule.c') =>
    tf.attributes(address);
  const url = (serverId: string, id: string) => `/v1/virtual-servers/${serverId}/connection-rules/${id}`;
  const createServer = async (name: string) => {
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };
  /** The SMTP code the relay's own policy gives `clientIp` (connection_control is "all_except_listed": listed = refused). */
  const smtpCodeFor = async (serverId: string, clientIp: string) => (await acc.relay.api('POST', '/v1/relay-check',
    { virtual_server_id: serverId, client_ip: clientIp, sender: 'a@example.org', recipient: 'b@example.net' })).body.smtp_code;

  before(async () => {
    serverA = await createServer('conn-a');
    serverB = await createServer('conn-b');
  });

  test('create, enforced by the relay, clean plan, update in place, replace on virtual_server_id, drift, deleted outside, destroy', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(rule(serverA, 'ip_address = "2001:db8::25"\n  description = "blocked"'));
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    assert.deepEqual({ ...first, id: 'x' }, { id: 'x', virtual_server_id: serverA, ip_address: '2001:db8::25', subnet_mask: null, cidr: null, domain: null, description: 'blocked' });
    assert.equal(await smtpCodeFor(serverA, '2001:db8::25'), 554, 'the listed client is refused');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(rule(serverA, 'cidr = "198.51.100.0/24"\n  description = "blocked"'));
    const update = await tf.run('plan', '-detailed-exitcode');
    assert.equal(update.code, 2);
    assert.match(update.stdout, /will be updated in-place[\s\S]+- ip_address\s+= "2001:db8::25" -> null/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await values(tf)).id, first.id, 'same object');
    assert.equal(await smtpCodeFor(serverA, '198.51.100.7'), 554);
    assert.notEqual(await smtpCodeFor(serverA, '2001:db8::25'), 554, 'the old address may connect again');

    assert.equal((await acc.relay.api('PUT', url(serverA, first.id), { cidr: '198.51.100.0/25', description: 'blocked' })).status, 200);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /~ cidr\s+= "198\.51\.100\.0\/25" -> "198\.51\.100\.0\/24"/);
    await tf.ok('apply', '-auto-approve');
    assert.equal((await acc.relay.api('GET', url(serverA, first.id))).body.cidr, '198.51.100.0/24', 'apply restored it');

    tf.writeConfig(rule(serverB, 'cidr = "198.51.100.0/24"\n  description = "blocked"'));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.match(replace.stdout, /~ virtual_server_id\s+= "[^"]+" -> "[^"]+" # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const moved = await values(tf);
    assert.equal((await acc.relay.api('GET', url(serverA, first.id))).status, 404);

    assert.equal((await acc.relay.api('DELETE', url(serverB, moved.id))).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_connection_rule\.c will be created/);
    await tf.ok('apply', '-auto-approve');
    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /1 destroyed/);
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${serverB}/connection-rules`)).body.items.length, 0);
  });

  test('import by <virtual_server_id>/<id>, then an empty plan', async () => {
    const created = await acc.relay.api('POST', `/v1/virtual-servers/${serverA}/connection-rules`, { ip_address: '192.0.2.0', subnet_mask: '255.255.255.128' });
    assert.equal(created.status, 201, created.text);
    const tf = await acc.workspace();
    tf.writeConfig(rule(serverA, 'ip_address = "192.0.2.0"\n  subnet_mask = "255.255.255.128"'));
    await tf.ok('import', 'smtp_connection_rule.c', `${serverA}/${created.body.id}`);
    assert.equal((await values(tf)).subnet_mask, '255.255.255.128');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  });

  test('invalid configuration is a diagnostic naming the attribute', async () => {
    const tf = await acc.workspace();
    tf.writeConfig([
      rule(serverA, 'ip_address = "2001:db8::"\n  subnet_mask = "255.255.255.0"', 'v6_mask'),
      rule(serverA, 'ip_address = "192.0.2.1"\n  domain = "example.com"', 'both'),
    ].join('\n'));
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"v6_mask":\s+\d+:\s+ip_address\s+= "2001:db8::"[\s\S]+Attribute ip_address must be an IPv4 address when subnet_mask is set/);
    assert.match(result.stderr, /"both":\s+\d+:\s+domain\s+= "example\.com"[\s\S]+Attribute domain cannot be combined with ip_address/);
  });
});
