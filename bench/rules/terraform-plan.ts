// The rules benchmark's plan part: `terraform plan` of N smtp_relay_rule against a real relay, per rule at each size.
//
// For each size in PLAN_SIZES (default "1000 10000"): a virtual server on the relay and a Terraform working directory
// (test/support/terraform.ts: the self-contained provider installed into a temp mirror, terraform on a PATH without
// node) whose main.tf has one `smtp_relay_rule` block with `count = N` (ip_address = cidrhost("10.0.0.0/8", i + 1)).
// Set-up (untimed): the N rules are created through the API (32 requests in flight) and terraform.tfstate is written
// from the API's listing, as an import would record them: on this loaded 2-CPU machine `terraform apply` created
// only about 6 rules a second (1,000 in 178 s), so 10,000 would take half an hour. The first plan of each size must
// then find no change, which checks that state against the relay rule by rule. Then PLAN_ROUNDS rounds, the sizes
// in alternating order, each timing `terraform plan -detailed-exitcode` (every rule refreshed: one ReadResource,
// one GET each) and `terraform plan -refresh=false -detailed-exitcode` (state and config only); every plan must
// find no change.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { terraformWorkspace, type TerraformWorkspace } from '../../test/support/terraform.ts';
import { freePort } from '../../test/support/free-port.ts';
import { listKnob, numberKnob } from '../knobs.ts';
import { createRules, type BenchRelay } from './relays.ts';


type Mode = 'refresh' | 'no-refresh';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rulesConfig = (count: number, serverId: string) =>
  `resource "smtp_relay_rule" "r" {\n  count             = ${count}\n  virtual_server_id = "${serverId}"\n` +
  `  ip_address        = cidrhost("10.0.0.0/8", count.index + 1)\n}`;

/** cidrhost("10.0.0.0/8", n) as Terraform computes it. */
const hostIn10 = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Creates `count` rules under `serverId` through the API and writes the state `terraform apply` of rulesConfig would leave. */
async function seed(relay: BenchRelay, tf: TerraformWorkspace, serverId: string, count: number): Promise<void> {
  const addresses = Array.from({ length: count }, (_, i) => hostIn10(i + 1));
  await createRules(relay.api, serverId, 'relay-rules', addresses.map((ip_address) => ({ ip_address, subnet_mask: null, cidr: null, domain: null })));
  const listed = await relay.api('GET', `/v1/virtual-servers/${serverId}/relay-rules`);
  const byAddress = new Map((listed.body.items as Array<Record<string, string | null>>).map((rule) => [rule.ip_address, rule]));
  const instances = addresses.map((address, index) => {
    const rule = byAddress.get(address);
    if (!rule) throw new Error(`rule for ${address} not listed`);
    return {
      index_key: index, schema_version: 0, sensitive_attributes: [],
      attributes: { id: rule.id, virtual_server_id: serverId, ip_address: address, subnet_mask: null, cidr: null, domain: null, description: rule.description ?? '' },
    };
  });
  writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify({
    version: 4, terraform_version: '1.11.4', serial: 1, lineage: randomUUID(), outputs: {},
    resources: [{ mode: 'managed', type: 'smtp_relay_rule', name: 'r', provider: 'provider["registry.terraform.io/relayform/smtp"]', instances }],
    check_results: null,
  }));
}

/** Runs the plan part against `relay` and returns its Markdown (the table, the per-rule ratio, the machine). */
export async function planPart(relay: BenchRelay, log: (line: string) => void): Promise<string> {
  const sizes = listKnob('PLAN_SIZES', '1000 10000').map(Number);
  const rounds = numberKnob('PLAN_ROUNDS', 3);
  const loadBefore = loadavg();
  const workspaces = new Map<number, TerraformWorkspace>();
  const times = new Map<string, number[]>();
  const setup = new Map<number, number>();
  try {
    for (const size of sizes) {
      const server = await relay.api('POST', '/v1/virtual-servers', { name: `plan-${size}`, port: await freePort() });
      if (server.status !== 201) throw new Error(`create virtual server: ${server.status} ${server.text}`);
      const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.url, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 3_600_000 });
      workspaces.set(size, tf);
      tf.writeConfig(rulesConfig(size, server.body.id));
      const started = performance.now();
      await seed(relay, tf, server.body.id, size);
      setup.set(size, performance.now() - started);
      log(`plan: ${size} rules created through the API in ${(setup.get(size)! / 1000).toFixed(1)} s, state written`);
    }
    for (let round = 0; round < rounds; round += 1) {
      for (const size of round % 2 === 0 ? sizes : [...sizes].reverse()) {
        for (const mode of ['refresh', 'no-refresh'] as Mode[]) {
          const result = await workspaces.get(size)!.run('plan', '-detailed-exitcode', ...(mode === 'refresh' ? [] : ['-refresh=false']));
          if (result.code !== 0) throw new Error(`terraform plan (${mode}) of ${size} rules exited ${result.code} (2 = changes):\n${result.stdout}\n${result.stderr}`);
          times.set(`${size}|${mode}`, [...(times.get(`${size}|${mode}`) ?? []), result.ms]);
          log(`plan round ${round + 1}/${rounds}: ${size} rules, ${mode}: ${(result.ms / 1000).toFixed(2)} s`);
        }
      }
    }
  } finally {
    for (const tf of workspaces.values()) tf.dispose();
  }
  const perRule = (size: number, mode: Mode) => median(times.get(`${size}|${mode}`)!) / size;
  const lines = [
    `Machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ` +
    `${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after. ` +
    `${rounds} rounds, medians.`,
    '',
    '| rules | plan (refresh) s | per rule (ms) | plan -refresh=false s | per rule (ms) | every run, refresh / no refresh (s) | set-up: API creation s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const size of sizes) {
    const all = (mode: Mode) => times.get(`${size}|${mode}`)!.map((ms) => (ms / 1000).toFixed(2)).join(', ');
    lines.push(`| ${size.toLocaleString('en')} | ${(median(times.get(`${size}|refresh`)!) / 1000).toFixed(2)} | ${perRule(size, 'refresh').toFixed(3)} | ` +
      `${(median(times.get(`${size}|no-refresh`)!) / 1000).toFixed(2)} | ${perRule(size, 'no-refresh').toFixed(3)} | ${all('refresh')} / ${all('no-refresh')} | ${(setup.get(size)! / 1000).toFixed(1)} |`);
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  lines.push('', `Per rule, ${large.toLocaleString('en')} vs ${small.toLocaleString('en')} rules: plan ${(perRule(large, 'refresh') / perRule(small, 'refresh')).toFixed(2)}x, ` +
    `plan -refresh=false ${(perRule(large, 'no-refresh') / perRule(small, 'no-refresh')).toFixed(2)}x (1.00x or less: not slower per rule).`);
  return lines.join('\n');
}
