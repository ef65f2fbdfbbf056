// The rules benchmark's plan part: `terraform plan` of N relay rules against a real relay, per rule at each size, in two forms.
//
// Forms (PLAN_FORMS, default "count"; "bulk count" runs both in the same run, interleaved):
// - count: one `smtp_relay_rule` block with `count = N` (ip_address = cidrhost("10.0.0.0/8", i + 1)).
// - bulk: one `smtp_relay_rules` holding the same N rules (`rules = flatten([for row ... : [for i in range(1000) : { ip_address = cidrhost(...) }]])`).
// Set-up (timed apart): the N rules are created through the API (one PUT of the list) and terraform.tfstate is written
// from the API's listing, as an import would record them: on this loaded 2-CPU machine `terraform apply` created only
// about 6 single rules a second (1,000 in 178 s), and an apply of one smtp_relay_rules grows with the square of its rules
// in Terraform itself (its check that the applied set matches the planned one compares every pair of elements).
// For each size in PLAN_SIZES (default "1000 10000"; the count form only at PLAN_COUNT_SIZES, default the same): a
// virtual server on the relay and a Terraform working directory (test/support/terraform.ts: the self-contained provider
// installed into a temp mirror, terraform on a PATH without node). The first plan of each must find no change, which
// checks the state against the relay rule by rule. Then PLAN_ROUNDS rounds, the sizes in alternating order, each timing
// `terraform plan -detailed-exitcode` (refresh: one ReadResource per instance, so N GETs for count and one list GET for
// bulk) and `terraform plan -refresh=false -detailed-exitcode` (state and config only); every plan must find no change.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { terraformWorkspace, type TerraformWorkspace } from '../../test/support/terraform.ts';
import { freePort } from '../../test/support/free-port.ts';
import { listKnob, numberKnob } from '../knobs.ts';
import type { BenchRelay } from './relays.ts';


type Mode = 'refresh' | 'no-refresh';
type Form = 'count' | 'bulk';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rulesConfig = (count: number, serverId: string) =>
  `resource "smtp_relay_rule" "r" {\n  count             = ${count}\n  virtual_server_id = "${serverId}"\n` +
  `  ip_address        = cidrhost("10.0.0.0/8", count.index + 1)\n}`;

// Terraform's range() makes at most 1,024 values: rows of 1,000.
const bulkConfig = (count: number, serverId: string) =>
  `resource "smtp_relay_rules" "r" {\n  virtual_server_id = "${serverId}"\n  rules = flatten([for row in range(${Math.ceil(count / 1000)}) : [\n` +
  `    for i in range(1000) : { ip_address = cidrhost("10.0.0.0/8", row * 1000 + i + 1) } if row * 1000 + i < ${count}\n  ]])\n}`;

/** cidrhost("10.0.0.0/8", n) as Terraform computes it. */
const hostIn10 = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/**
 * Creates `count` rules under `serverId` through the API (one PUT of the list) and writes the state `terraform apply` of
 * the form's configuration would leave: `count` instances of smtp_relay_rule, or one smtp_relay_rules holding them all.
 */
async function seed(relay: BenchRelay, tf: TerraformWorkspace, form: Form, serverId: string, count: number): Promise<void> {
  const addresses = Array.from({ length: count }, (_, i) => hostIn10(i + 1));
  const put = await relay.api('PUT', `/v1/virtual-servers/${serverId}/relay-rules`, { items: addresses.map((ip_address) => ({ ip_address })) });
  if (put.status !== 200) throw new Error(`PUT relay-rules: ${put.status} ${put.text.slice(0, 500)}`);
  const listed = await relay.api('GET', `/v1/virtual-servers/${serverId}/relay-rules`);
  const byAddress = new Map((listed.body.items as Array<Record<string, string | null>>).map((rule) => [rule.ip_address, rule]));
  const rules = addresses.map((address) => {
    const rule = byAddress.get(address);
    if (!rule) throw new Error(`rule for ${address} not listed`);
    return { id: rule.id, ip_address: address, subnet_mask: null, cidr: null, domain: null, description: rule.description ?? '' };
  });
  const instances = form === 'count'
    ? rules.map(({ id, ...match }, index) => ({ index_key: index, schema_version: 0, sensitive_attributes: [], attributes: { id, virtual_server_id: serverId, ...match } }))
    : [{ schema_version: 0, sensitive_attributes: [], attributes: { id: serverId, virtual_server_id: serverId, rules: rules.map(({ id: _id, ...match }) => match) } }];
  writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify({
    version: 4, terraform_version: '1.11.4', serial: 1, lineage: randomUUID(), outputs: {},
    resources: [{ mode: 'managed', type: form === 'count' ? 'smtp_relay_rule' : 'smtp_relay_rules', name: 'r', provider: 'provider["registry.terraform.io/relayform/smtp"]', instances }],
    check_results: null,
  }));
}

/** One (form, size) of the run: its workspace and what its set-up took. */
interface Case {
  form: Form;
  size: number;
  tf: TerraformWorkspace;
  setupMs: number;
}

async function setUp(relay: BenchRelay, form: Form, size: number, log: (line: string) => void): Promise<Case> {
  const server = await relay.api('POST', '/v1/virtual-servers', { name: `plan-${form}-${size}`, port: await freePort() });
  if (server.status !== 201) throw new Error(`create virtual server: ${server.status} ${server.text}`);
  const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.url, SMTP_RELAY_TOKEN: relay.token }, timeoutMs: 3_600_000 });
  const started = performance.now();
  tf.writeConfig((form === 'count' ? rulesConfig : bulkConfig)(size, server.body.id));
  await seed(relay, tf, form, server.body.id, size);
  const setupMs = performance.now() - started;
  log(`plan: ${form} ${size} rules created through the API in ${(setupMs / 1000).toFixed(1)} s, state written`);
  return { form, size, tf, setupMs };
}

/** Runs the plan part against `relay` and returns its Markdown (the table, the per-rule ratios, the machine). */
export async function planPart(relay: BenchRelay, log: (line: string) => void): Promise<string> {
  const sizes = listKnob('PLAN_SIZES', '1000 10000').map(Number);
  const countSizes = listKnob('PLAN_COUNT_SIZES', sizes.join(' ')).map(Number);
  const forms = listKnob('PLAN_FORMS', 'count') as Form[];
  if (forms.some((form) => form !== 'count' && form !== 'bulk')) throw new Error(`PLAN_FORMS: "count" and/or "bulk", not ${forms.join(' ')}`);
  const rounds = numberKnob('PLAN_ROUNDS', 3);
  const loadBefore = loadavg();
  const cases: Case[] = [];
  const times = new Map<Case, Record<Mode, number[]>>();
  try {
    for (const form of forms) for (const size of form === 'count' ? countSizes : sizes) cases.push(await setUp(relay, form, size, log));
    for (let round = 0; round < rounds; round += 1) {
      for (const one of round % 2 === 0 ? cases : [...cases].reverse()) {
        for (const mode of ['refresh', 'no-refresh'] as Mode[]) {
          const result = await one.tf.run('plan', '-detailed-exitcode', ...(mode === 'refresh' ? [] : ['-refresh=false']));
          if (result.code !== 0) throw new Error(`terraform plan (${mode}) of ${one.form} ${one.size} rules exited ${result.code} (2 = changes):\n${result.stdout}\n${result.stderr}`);
          const into = times.get(one) ?? { refresh: [], 'no-refresh': [] };
          into[mode].push(result.ms);
          times.set(one, into);
          log(`plan round ${round + 1}/${rounds}: ${one.form} ${one.size} rules, ${mode}: ${(result.ms / 1000).toFixed(2)} s`);
        }
      }
    }
  } finally {
    for (const one of cases) one.tf.dispose();
  }
  const perRule = (one: Case, mode: Mode) => median(times.get(one)![mode]) / one.size;
  const lines = [
    `Machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ` +
    `${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after. ` +
    `${rounds} rounds, medians.`,
    '',
    '| form | rules | plan (refresh) s | per rule (ms) | plan -refresh=false s | per rule (ms) | every run, refresh / no refresh (s) | set-up: API + state s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const one of cases) {
    const all = (mode: Mode) => times.get(one)![mode].map((ms) => (ms / 1000).toFixed(2)).join(', ');
    lines.push(`| ${one.form === 'count' ? '`smtp_relay_rule`, count' : '`smtp_relay_rules`'} | ${one.size.toLocaleString('en')} | ` +
      `${(median(times.get(one)!.refresh) / 1000).toFixed(2)} | ${perRule(one, 'refresh').toFixed(3)} | ` +
      `${(median(times.get(one)!['no-refresh']) / 1000).toFixed(2)} | ${perRule(one, 'no-refresh').toFixed(3)} | ${all('refresh')} / ${all('no-refresh')} | ` +
      `${(one.setupMs / 1000).toFixed(1)} |`);
  }
  for (const form of forms) {
    const ofForm = cases.filter((one) => one.form === form);
    if (ofForm.length < 2) continue;
    const [small, large] = [ofForm[0], ofForm[ofForm.length - 1]];
    lines.push('', `${form}: per rule, ${large.size.toLocaleString('en')} vs ${small.size.toLocaleString('en')} rules: plan ` +
      `${(perRule(large, 'refresh') / perRule(small, 'refresh')).toFixed(2)}x, plan -refresh=false ` +
      `${(perRule(large, 'no-refresh') / perRule(small, 'no-refresh')).toFixed(2)}x (1.00x or less: not slower per rule).`);
  }
  return lines.join('\n');
}
