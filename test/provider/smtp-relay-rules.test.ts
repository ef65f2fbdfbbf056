// Acceptance tests of smtp_relay_rules and smtp_connection_rules (a server's whole list as one object) with the real terraform binary against a real relay process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance } from '../support/terraform.ts';

const list = (serverId: string, rules: string[], type = 'smtp_relay_rules', name = 'r') => `
resource "${type}" "${name}" {
  virtual_server_id = "${serverId}"
  rules = [
    ${rules.join(',\n    ')}
  ]
}`;

type Rule = { id: string; ip_address: string | null; subnet_mask: string | null; cidr: string | null; domain: string | null; description: string; managed_by: string | null };

describe('smtp_relay_rules and smtp_connection_rules', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  let serverA: string;
  let serverB: string;
  const rulesOf = (serverId: string, kind = 'relay-rules') => `/v1/virtual-servers/${serverId}/${kind}`;
  const stored = async (serverId: string, kind = 'relay-rules') => (await acc.relay.api('GET', rulesOf(serverId, kind))).body.items as Rule[];
  const byMatch = (rules: Rule[]) => new Map(rules.map((r) => [r.cidr ?? r.ip_address ?? r.domain, r]));
  const createServer = async (name: string) => {
    const created = await acc.relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };

  before(async () => {
    serverA = await createServer('lists-a');
    serverB = await createServer('lists-b');
  });

  test('create (taking the list over), clean plan, one rule changed shows alone, drift both ways, a new order changes nothing on the relay, destroy empties the list', async () => {
    const outside = await acc.relay.api('POST', rulesOf(serverA), { cidr: '172.16.0.0/12', description: 'made by hand' });
    assert.equal(outside.status, 201, outside.text);
    const tf = await acc.workspace();
    const three = ['{ cidr = "10.0.0.0/8", description = "office" }', '{ ip_address = "192.0.2.0", subnet_mask = "255.255.255.0" }', '{ domain = "partner.example" }'];
    tf.writeConfig(list(serverA, three));
    await tf.ok('plan', '-out=tfplan');
    const planned = JSON.parse((await tf.ok('show', '-json', 'tfplan')).stdout).resource_changes[0].change;
    assert.equal(planned.after_unknown.id, true, 'the id is known after apply');
    assert.deepEqual(planned.after.rules.find((r: Rule) => r.domain === 'partner.example'),
      { ip_address: null, subnet_mask: null, cidr: null, domain: 'partner.example', description: '' }, 'defaults are in the plan');
    await tf.ok('apply', 'tfplan');
    const first = await stored(serverA);
    assert.deepEqual(first.map((r) => [r.cidr ?? r.ip_address ?? r.domain, r.description, r.managed_by]).sort(),
      [['10.0.0.0/8', 'office', 'terraform'], ['192.0.2.0', '', 'terraform'], ['partner.example', '', 'terraform']], 'exactly the configured list: the rule made by hand is gone');
    const state = tf.attributes('smtp_relay_rules.r');
    assert.equal(state.id, serverA);
    assert.equal(state.rules.length, 3);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(list(serverA, [three[0].replace('"office"', '"head office"'), three[1], three[2]]));
    const change = await tf.run('plan', '-detailed-exitcode');
    assert.equal(change.code, 2, change.stderr);
    assert.match(change.stdout, /smtp_relay_rules\.r will be updated in-place/);
    assert.match(change.stdout, /~ description\s+= "office" -> "head office"/);
    assert.match(change.stdout, /# \(2 unchanged elements hidden\)/);
    assert.doesNotMatch(change.stdout, /partner\.example|192\.0\.2\.0/, 'the unchanged rules are not shown');
    assert.match(change.stdout, /Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.ok('apply', '-auto-approve');
    const second = byMatch(await stored(serverA));
    for (const rule of first) assert.equal(second.get(rule.cidr ?? rule.ip_address ?? rule.domain)!.id, rule.id, 'every rule kept its id');
    assert.equal(second.get('10.0.0.0/8')!.description, 'head office');

    const added = await acc.relay.api('POST', rulesOf(serverA), { cidr: '198.51.100.0/24', description: 'added outside' });
    assert.equal(added.status, 201);
    assert.equal((await acc.relay.api('DELETE', `${rulesOf(serverA)}/${second.get('partner.example')!.id}`)).status, 204);
    const drift = await tf.run('plan', '-detailed-exitcode');
    assert.equal(drift.code, 2, drift.stderr);
    assert.match(drift.stdout, /- cidr\s+= "198\.51\.100\.0\/24" -> null/, 'the rule added outside is to be removed');
    assert.match(drift.stdout, /\+ domain\s+= "partner\.example"/, 'the rule removed outside is to be added back');
    await tf.ok('apply', '-auto-approve');
    assert.deepEqual([...byMatch(await stored(serverA)).keys()].sort(), ['10.0.0.0/8', '192.0.2.0', 'partner.example']);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);

    const before = await stored(serverA);
    tf.writeConfig(list(serverA, [three[2], three[1], three[0].replace('"office"', '"head office"')]));
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 2, 'a list: the new order is a change in Terraform');
    await tf.ok('apply', '-auto-approve');
    assert.deepEqual(await stored(serverA), before, 'and none on the relay');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'read back in the configuration\'s order');

    assert.match((await tf.ok('destroy', '-auto-approve')).stdout, /1 destroyed/);
    assert.deepEqual(await stored(serverA), [], 'destroy empties the list');
    assert.equal((await acc.relay.api('GET', `/v1/virtual-servers/${serverA}`)).status, 200, 'the server stays');
  });

  test('import by the virtual server id (a bad id is a clear error), import {} with -generate-config-out, then an empty plan', async () => {
    const put = await acc.relay.api('PUT', rulesOf(serverB), { items: [{ cidr: '10.8.0.0/16', description: 'imported' }, { domain: 'mx.partner.example' }] });
    assert.equal(put.status, 200, put.text);
    const byId = await acc.workspace();
    // An import reads the list in the relay's order (the order the rules were made in).
    byId.writeConfig(list(serverB, ['{ cidr = "10.8.0.0/16", description = "imported" }', '{ domain = "mx.partner.example" }']));
    const bad = await byId.run('import', 'smtp_relay_rules.r', `${serverB}/x`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Invalid import id[\s\S]+with the virtual server id/);
    const unknown = await byId.run('import', 'smtp_relay_rules.r', 'no-such-server');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no-such-server/);
    await byId.ok('import', 'smtp_relay_rules.r', serverB);
    assert.equal(byId.attributes('smtp_relay_rules.r').rules.length, 2);
    assert.equal((await byId.run('plan', '-detailed-exitcode')).code, 0, 'imported, it plans clean');
    assert.deepEqual((await stored(serverB)).map((r) => r.managed_by), ['terraform', 'terraform'], 'the import claimed the rules');

    const generated = await acc.workspace();
    generated.writeConfig(`import {\n  to = smtp_relay_rules.r\n  id = "${serverB}"\n}`);
    const plan = await generated.run('plan', '-generate-config-out=generated.tf');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    await generated.ok('apply', '-auto-approve');
    assert.equal((await generated.run('plan', '-detailed-exitcode')).code, 0, 'the generated config plans clean');
  });

  test('1,000 rules from a for expression: one object, applied and refreshed with one request each, plans clean', async () => {
    const server = await createServer('lists-many');
    const tf = await acc.workspace();
    tf.writeConfig(`
resource "smtp_relay_rules" "many" {
  virtual_server_id = "${server}"
  rules             = [for i in range(1000) : { ip_address = cidrhost("10.0.0.0/8", i + 1), description = "host \${i}" }]
}`);
    await tf.ok('apply', '-auto-approve');
    const rules = await stored(server);
    assert.equal(rules.length, 1000);
    assert.equal(rules.find((r) => r.ip_address === '10.0.3.232')?.description, 'host 999', 'cidrhost(10.0.0.0/8, 1000) is the last');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    await tf.ok('destroy', '-auto-approve');
    assert.deepEqual(await stored(server), []);
  });

  test('invalid rules are diagnostics naming the rule and the attribute; nothing is written', async () => {
    const server = await createServer('lists-invalid');
    const tf = await acc.workspace();
    tf.writeConfig(list(server, [
      '{ cidr = "10.0.0.0/8", domain = "example.com" }',
      '{ cidr = "10.0.0.0/33" }',
      '{ description = "nothing to match" }',
      '{ ip_address = "192.0.2.1", description = "one" }',
      '{ ip_address = "192.0.2.1", description = "two" }',
    ]));
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    const text = result.stderr.replace(/\s+/g, ' ');
    assert.match(text, /on main\.tf line \d+, in resource "smtp_relay_rules" "r":/);
    assert.match(text, /Rule \{ cidr = "10\.0\.0\.0\/8", domain = "example\.com" \}: Attribute rules\[0\]\.domain cannot be combined with cidr/);
    assert.match(text, /rules.* value must be a CIDR block such as 192\.0\.2\.0\/24/);
    assert.match(text, /Rule \{ no match form \}: Set exactly one of ip_address, ip_address \+ subnet_mask, cidr, or domain/);
    assert.match(text, /Rules \{ ip_address = "192\.0\.2\.1" \} and \{ ip_address = "192\.0\.2\.1" \} match the same clients/);
    assert.deepEqual(await stored(server), [], 'nothing was written');

    tf.writeConfig(list(server, ['{ cidr = "10.0.0.1/8" }', '{ cidr = "0.0.0.0/0" }']));
    const warned = await tf.run('plan', '-detailed-exitcode');
    assert.equal(warned.code, 2, 'warnings, not errors');
    const output = (warned.stdout + warned.stderr).replace(/\s+/g, ' ');
    assert.match(output, /Warning: Network address has host bits set .*Rule \{ cidr = "10\.0\.0\.1\/8" \}: Attribute rules\[0\]\.cidr has host bits set/);
    assert.match(output, /Warning: Relay rule matches every address .*Rule \{ cidr = "0\.0\.0\.0\/0" \}/);
  });

  test('smtp_connection_rules: the listed clients are refused by the relay\'s own policy; beside smtp_relay_rules on the same server', async () => {
    const server = await createServer('lists-conn');
    const smtpCode = async (clientIp: string) => (await acc.relay.api('POST', '/v1/relay-check',
      { virtual_server_id: server, client_ip: clientIp, sender: 'a@example.org', recipient: 'b@example.net' })).body.smtp_code;
    const tf = await acc.workspace();
    tf.writeConfig([
      list(server, ['{ ip_address = "198.51.100.7", description = "spam source" }', '{ cidr = "2001:db8:bad::/48" }'], 'smtp_connection_rules', 'c'),
      list(server, ['{ cidr = "10.0.0.0/8" }']),
    ].join('\n'));
    await tf.ok('apply', '-auto-approve');
    assert.equal(await smtpCode('198.51.100.7'), 554, 'a listed client is refused');
    assert.equal(await smtpCode('2001:db8:bad::25'), 554);
    assert.notEqual(await smtpCode('198.51.100.8'), 554);
    assert.deepEqual((await stored(server, 'connection-rules')).map((r) => r.ip_address ?? r.cidr).sort(), ['198.51.100.7', '2001:db8:bad::/48']);
    assert.deepEqual((await stored(server)).map((r) => r.cidr), ['10.0.0.0/8'], 'the relay list is its own object');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    await tf.ok('destroy', '-auto-approve');
    assert.deepEqual(await stored(server, 'connection-rules'), []);
    assert.notEqual(await smtpCode('198.51.100.7'), 554, 'no longer refused');
  });
});
