// Measures `terraform plan` and `terraform apply` wall time for N smtp_relay_rule against N built-in terraform_data.
//
// Usage: node --import tsx bench/provider/plan-apply.ts [counts=1,100,1000] [rounds=2]
// Starts a real relay (free port, temp data dir) and installs the provider into a temp mirror like the acceptance
// tests; for each count it alternates the two resource kinds, `rounds` times, each in a fresh working directory:
//   plan (create N)      `terraform plan -out=tfplan`            (empty state)
//   apply (create N)     `terraform apply tfplan`
//   plan (N, no change)  `terraform plan` with N in state         (refreshes every object)
// then destroys (untimed). Prints a Markdown table (medians) and the ratios for bench/RESULTS.md.
import { cpus, loadavg } from 'node:os';
import { startTestRelay } from '../../test/support/test-relay.ts';
import { freePort } from '../../test/support/free-port.ts';
import { terraformWorkspace, type TerraformWorkspace } from '../../test/support/terraform.ts';

const counts = (process.argv[2] ?? '1,100,1000').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 2);

type Kind = 'smtp_relay_rule' | 'terraform_data';
type Step = 'plan' | 'apply' | 'noop';

const config = (kind: Kind, count: number, serverId: string) => kind === 'smtp_relay_rule'
  ? `resource "smtp_relay_rule" "r" {\n  count             = ${count}\n  virtual_server_id = "${serverId}"\n  ip_address        = cidrhost("10.0.0.0/8", count.index + 1)\n}`
  : `resource "terraform_data" "r" {\n  count = ${count}\n  input = cidrhost("10.0.0.0/8", count.index + 1)\n}`;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const relay = await startTestRelay({ mode: 'child-process' });
const workspaces: TerraformWorkspace[] = [];
try {
  const server = await relay.api('POST', '/v1/virtual-servers', { name: 'bench', port: await freePort() });
  if (server.status !== 201) throw new Error(`creating the virtual server: ${server.text}`);
  const env = { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token };
  const times = new Map<string, number[]>();
  const record = (kind: Kind, count: number, step: Step, ms: number) => {
    const key = `${kind}|${count}|${step}`;
    times.set(key, [...(times.get(key) ?? []), ms]);
  };

  for (const count of counts) {
    for (let round = 0; round < rounds; round++) {
      for (const kind of (round % 2 === 0 ? ['smtp_relay_rule', 'terraform_data'] : ['terraform_data', 'smtp_relay_rule']) as Kind[]) {
        const tf = await terraformWorkspace({ env, timeoutMs: 600_000 });
        workspaces.push(tf);
        tf.writeConfig(config(kind, count, server.body.id));
        await tf.ok('init');
        record(kind, count, 'plan', (await tf.ok('plan', '-out=tfplan')).ms);
        record(kind, count, 'apply', (await tf.ok('apply', 'tfplan')).ms);
        record(kind, count, 'noop', (await tf.ok('plan', '-detailed-exitcode')).ms);
        await tf.ok('destroy', '-auto-approve');
        tf.dispose();
        process.stderr.write(`${kind} x${count} round ${round + 1}: done\n`);
      }
    }
  }

  const cell = (kind: Kind, count: number, step: Step) => median(times.get(`${kind}|${count}|${step}`) ?? [NaN]);
  console.log(`Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${rounds} rounds, medians in ms\n`);
  console.log('| N | step | smtp_relay_rule ms | terraform_data ms | ratio |\n|---|---|---|---|---|');
  for (const count of counts) {
    for (const [step, label] of [['plan', 'plan (create N)'], ['apply', 'apply (create N)'], ['noop', 'plan (N in state, no change)']] as Array<[Step, string]>) {
      const ours = cell('smtp_relay_rule', count, step);
      const builtin = cell('terraform_data', count, step);
      console.log(`| ${count} | ${label} | ${ours.toFixed(0)} | ${builtin.toFixed(0)} | ${(ours / builtin).toFixed(2)}x |`);
    }
  }
} finally {
  for (const tf of workspaces) tf.dispose();
  await relay.dispose();
}
