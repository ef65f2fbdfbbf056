// The management API restarts (SIGTERM, and kill -9) while `terraform apply` creates 80 smtp_relay_rule resources:
// the apply finishes or fails with a clear diagnostic, no object is half-written, and the next apply converges.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const RULES = 80;
const cidrOf = (i: number) => `10.${i}.0.0/16`;
const config = `
resource "smtp_virtual_server" "edge" {
  name = "edge"
  port = 2699
  enabled = false
}

resource "smtp_relay_rule" "office" {
  count             = ${RULES}
  virtual_server_id = smtp_virtual_server.edge.id
  cidr              = "10.\${count.index}.0.0/16"
  description       = "office \${count.index}"
}
`;

/** Every relay rule of the server as the API has it. */
async function rulesInApi(relay: TestRelay): Promise<any[]> {
  const servers = await relay.api('GET', '/v1/virtual-servers');
  assert.equal(servers.status, 200, servers.text);
  const server = (servers.body.items ?? servers.body).find((s: any) => s.name === 'edge');
  if (!server) return [];
  const rules = await relay.api('GET', `/v1/virtual-servers/${server.id}/relay-rules?limit=1000`);
  assert.equal(rules.status, 200, rules.text);
  return rules.body.items ?? rules.body;
}

async function restartMidApply(t: TestContext, how: 'SIGTERM' | 'kill -9') {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
  t.after(() => tf.dispose());
  tf.writeConfig(config);
  await tf.ok('init');

  const apply = tf.run('apply', '-auto-approve');
  // Restart once a quarter of the rules exist, so creations are in flight on every side of it.
  let before = 0;
  for (let i = 0; i < 600 && before < RULES / 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    before = (await rulesInApi(relay)).length;
  }
  assert.ok(before >= RULES / 4 && before < RULES, `restart mid-apply (${before} of ${RULES} rules existed)`);
  const down = Date.now();
  if (how === 'kill -9') await relay.kill9();
  await relay.restart();
  const downMs = Date.now() - down;
  const first = await apply;
  const diagnostics = first.stderr.split('\n').filter((l) => /Error:/.test(l));
  t.diagnostic(`${how} after ${before} rules, API back after ${downMs} ms; first apply exited ${first.code}${diagnostics.length ? `: ${diagnostics.length} errors, e.g. ${diagnostics[0].trim()}` : ''}`);
  // The provider retries refused connections for about 13 s: a graceful restart within that is ridden out.
  if (how === 'SIGTERM' && downMs < 10_000) assert.equal(first.code, 0, `the apply survives a ${downMs} ms restart:\n${first.stderr}`);
  if (first.code !== 0) {
    assert.match(first.stderr, /Error: [^\n]+\n\n\s+with smtp_relay_rule\.office\[\d+\]/, `a diagnostic naming the resource that failed:\n${first.stderr}`);
    assert.doesNotMatch(first.stderr + first.stdout, /plugin (exited|crashed)|panic/i, 'the provider did not crash');
  }

  // No half-written object: everything the API has is complete and one of the configured rules, each at most once.
  const expected = new Map(Array.from({ length: RULES }, (_, i) => [cidrOf(i), `office ${i}`]));
  const check = (rules: any[], exact: boolean) => {
    const seen = new Map<string, number>();
    for (const rule of rules) {
      assert.ok(typeof rule.id === 'string' && rule.id.length > 0, JSON.stringify(rule));
      assert.equal(rule.description, expected.get(rule.cidr), `rule ${JSON.stringify(rule)} is one of the configured ones`);
      assert.equal(rule.ip_address ?? null, null);
      assert.equal(rule.domain ?? null, null);
      seen.set(rule.cidr, (seen.get(rule.cidr) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1).map(([cidr]) => cidr);
    assert.deepEqual(twice, [], 'no rule exists twice');
    if (exact) assert.equal(seen.size, RULES, 'every configured rule exists');
  };
  check(await rulesInApi(relay), first.code === 0);

  // A second apply converges: afterwards the plan is empty and the API holds exactly the configuration.
  if (first.code !== 0) await tf.ok('apply', '-auto-approve');
  const plan = await tf.run('plan', '-detailed-exitcode');
  assert.equal(plan.code, 0, `an empty plan after the apply:\n${plan.stdout}\n${plan.stderr}`);
  check(await rulesInApi(relay), true);
  const state = JSON.parse(tf.stateFile());
  assert.equal(state.resources.find((r: any) => r.type === 'smtp_relay_rule').instances.length, RULES);
}

describe('management API restarted during terraform apply', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  test('graceful restart (SIGTERM) in the middle of creating 80 relay rules', { timeout: 120_000 }, (t) => restartMidApply(t, 'SIGTERM'));
  test('kill -9 and restart in the middle of creating 80 relay rules', { timeout: 120_000 }, (t) => restartMidApply(t, 'kill -9'));
});
