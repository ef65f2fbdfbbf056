// Acceptance test: a provider with username/password costs the relay one password hash per run, not one per request:
// an operator destroying 100 relay rules is not slower per rule than the admin with a token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

const PASSWORD = 'operator-Pa55-xyz';
const RULES = 100;
/**
 * Operator per-rule time may exceed the admin's by this factor and no more. Both destroys send the same requests
 * (100 reads, 100 deletes) to the same relay; the operator's only extras are one POST /v1/tokens (one scrypt) and
 * the relay's operator check (as cheap as the admin's: ~10-15 ms a GET for both, measured in process). The 2-CPU
 * machine is shared with other test runs, so one destroy of the same work can take up to ~1.5x another; two rounds
 * in A-B-B-A order halve that, and 1.5 leaves room for the rest, while a password hash per request fails by far
 * (issue #14: 83 ms against 16 ms per rule; here, with Basic on every request, x4.2).
 */
const MARGIN = 1.5;

const rules = (serverId: string, octet: number) => `
resource "smtp_relay_rule" "r" {
  count             = ${RULES}
  virtual_server_id = "${serverId}"
  cidr              = "10.${octet}.\${count.index}.0/24"
}`;

describe('operator destroy cost', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let admin: TerraformWorkspace;
  let operator: TerraformWorkspace;

  before(async () => {
    relay = await startTestRelay({ mode: 'child-process' });
    const account = await relay.api('POST', '/v1/accounts', { name: 'opal', domain: 'CORP', password_wo: PASSWORD, password_wo_version: 1 });
    assert.equal(account.status, 201, account.text);
    const servers: string[] = [];
    for (const name of ['admins', 'operators']) {
      const created = await relay.api('POST', '/v1/virtual-servers', { name, port: await freePort() });
      assert.equal(created.status, 201, created.text);
      servers.push(created.body.id);
    }
    assert.equal((await relay.api('POST', `/v1/virtual-servers/${servers[1]}/operators`, { account_id: account.body.id })).status, 201);
    admin = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 300_000 });
    admin.writeConfig(rules(servers[0], 60));
    operator = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl }, timeoutMs: 300_000 });
    operator.writeConfig(rules(servers[1], 61), `provider "smtp" {\n  username = "CORP\\\\opal"\n  password = "${PASSWORD}"\n}`);
  });
  after(async () => {
    admin?.dispose();
    operator?.dispose();
    await relay?.dispose();
  });

  test(`an operator's ${RULES}-rule destroy is not slower per rule than the admin's (margin ${MARGIN})`, async (t) => {
    // Two rounds in A-B-B-A order, so a drift in the machine's load weighs on both sides alike. Not side by side: the
    // relay's CPU is shared, so the operator's password hashing would slow the admin's destroy as much as its own.
    const destroyMs = async (workspace: TerraformWorkspace) => {
      await workspace.ok('apply', '-auto-approve');
      const { ms } = await workspace.ok('destroy', '-auto-approve');
      assert.equal((await workspace.state()).values?.root_module?.resources, undefined, 'all rules destroyed');
      return ms;
    };
    let adminMs = await destroyMs(admin);
    let operatorMs = await destroyMs(operator);
    operatorMs += await destroyMs(operator);
    adminMs += await destroyMs(admin);
    const perRule = (ms: number) => ms / (2 * RULES);
    t.diagnostic(`per rule: admin ${perRule(adminMs).toFixed(1)} ms, operator ${perRule(operatorMs).toFixed(1)} ms (ratio ${(operatorMs / adminMs).toFixed(2)})`);
    assert.ok(perRule(operatorMs) <= perRule(adminMs) * MARGIN,
      `operator ${perRule(operatorMs).toFixed(1)} ms per rule against admin ${perRule(adminMs).toFixed(1)} ms (x${MARGIN} allowed)`);
  });
});
