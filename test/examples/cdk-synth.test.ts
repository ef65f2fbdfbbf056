// examples/cdktf synthesized with CDKTF and, unchanged, with CDK Terrain (cdktn): each Terraform JSON applies
// against its own real relay and then plans clean; the app typechecks against the generated bindings.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, exec, terraformWorkspace } from '../support/terraform.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const app = join(repoRoot, 'examples', 'cdktf');

/** Runs the app as `cdktf synth` does (CDKTF_OUTDIR set) and returns the stack's cdk.tf.json path. */
async function synth(flavour: 'cdktf' | 'cdktn', outRoot: string): Promise<string> {
  const outdir = join(outRoot, flavour);
  const loader = flavour === 'cdktn' ? ['--import', './cdktn-loader.mjs'] : [];
  const result = await exec(process.execPath, ['--import', 'tsx', ...loader, 'main.ts'], app, { ...process.env, CDKTF_OUTDIR: outdir }, 60_000);
  assert.equal(result.code, 0, `${flavour} synth:\n${result.stdout}${result.stderr}`);
  return join(outdir, 'stacks', 'relay', 'cdk.tf.json');
}

/** Applies a synthesized stack against a fresh relay, then asserts an empty plan. */
async function applyAndPlan(t: test.TestContext, flavour: string, stackJson: string): Promise<void> {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const tf = await terraformWorkspace({
    env: {
      SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token, TF_VAR_edge_port: String(await freePort()),
      TF_VAR_alice_password: 'alice-cdk', TF_VAR_smart_host_password: 'isp-cdk', TF_VAR_partner_password: 'partner-cdk',
    },
  });
  t.after(() => tf.dispose());
  copyFileSync(stackJson, join(tf.dir, 'cdk.tf.json'));
  const apply = await tf.ok('apply', '-auto-approve');
  assert.match(apply.stdout, /Apply complete! Resources: 7 added, 0 changed, 0 destroyed/, `${flavour} apply`);
  const plan = await tf.run('plan', '-detailed-exitcode');
  assert.equal(plan.code, 0, `${flavour}: plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
  const servers = await relay.api('GET', '/v1/virtual-servers');
  assert.equal(servers.body.items[0].tls.require_128_bit, true, `${flavour}: the relay has the stack's settings`);
  assert.ok(!tf.stateFile().includes('alice-cdk'), 'write-only secrets never reach state');
}

if (!acceptance.enabled) {
  test('CDKTF and CDK Terrain examples', { skip: acceptance.skipReason }, () => {});
} else {
  test('examples/cdktf synthesizes with CDKTF and CDK Terrain; both apply and plan clean', async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    const [cdktf, cdktn] = await Promise.all([synth('cdktf', out), synth('cdktn', out)]);
    const typecheck = exec(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app, process.env, 120_000);
    await Promise.all([applyAndPlan(t, 'cdktf', cdktf), applyAndPlan(t, 'cdktn', cdktn)]);
    const checked = await typecheck;
    assert.equal(checked.code, 0, `tsc -p examples/cdktf:\n${checked.stdout}${checked.stderr}`);
  });
}
