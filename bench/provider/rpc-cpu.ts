// Measures the provider's own CPU for the work of a `terraform plan` of N smtp_relay_rule, without Terraform:
// spawns built provider executables as Terraform does (magic cookie, AutoMTLS), drives each over its unix socket with
// the test gRPC client, and reads the child's CPU time (all threads, /proc/<pid>/task/*/schedstat, Linux) at three points:
//   start    spawn -> handshake -> GetProviderSchema -> ConfigureProvider answered (what every provider process pays)
//   first N  N x (ValidateResourceConfig + PlanResourceChange) at 10 concurrent instances, as Terraform's plan walk
//   next N   the same again in the same process (warmed up: the JIT has compiled the hot path)
// CPU time is far steadier than terraform's wall time on a machine shared with other work, so small changes show.
//
// Usage: node --import tsx bench/provider/rpc-cpu.ts [instances=1000] [runs=10] [label=executable ...]
// Without executables it builds the working tree (provider/dist/terraform-provider-smtp.cjs). With several, the runs
// alternate between them (order reversed every other run); each keeps its own V8 code cache directory (warmed first).
// Compare two commits: build each (`node provider/scripts/build.mjs` after a checkout, copy the file), pass both.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProvider } from '../../provider/scripts/build.mjs';
import { schemaType } from '../../provider/src/framework/schema/object-schema.ts';
import { connectTestClient } from '../../provider/src/plugin/grpc-test-client.ts';
import type { MethodDefinition, MethodTypes } from '../../provider/src/plugin/grpc-service-definition.ts';
import { reflectedServiceDefinition } from '../../provider/src/plugin/reflected-service-definition.ts';
import { MAGIC_COOKIE_VALUE } from '../../provider/src/plugin/handshake.ts';
import { createPluginCertificate } from '../../provider/src/plugin/self-signed-certificate.ts';
import { encodeDynamicValue } from '../../provider/src/protocol/dynamic-value.ts';
import tfplugin6Json from '../../provider/src/protocol/generated/tfplugin6.json' with { type: 'json' };
import type { Services } from '../../provider/src/protocol/generated/tfplugin6.types.ts';
import type { TfValue } from '../../provider/src/protocol/value.ts';
import { UNKNOWN } from '../../provider/src/protocol/value.ts';
import { smtpRelayRule } from '../../provider/src/resources/smtp-relay-rule.ts';
import { smtpProvider } from '../../provider/src/smtp-provider.ts';

const instances = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 10);
const given = process.argv.slice(4).map((arg) => {
  const at = arg.indexOf('=');
  return { label: arg.slice(0, at), binary: arg.slice(at + 1) };
});
const variants = given.length > 0 ? given : [{ label: 'working tree', binary: await buildProvider() }];

const tf6 = reflectedServiceDefinition<Services['tfplugin6.Provider']>(tfplugin6Json, 'tfplugin6.Provider');
const host = createPluginCertificate();
const ruleType = schemaType(smtpRelayRule.schema);
const providerType = schemaType(smtpProvider({}).schema);
const caches = mkdtempSync(join(tmpdir(), 'rpc-cpu-cache-'));

/** CPU milliseconds a live process has used so far, summed over its threads. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  return ns / 1e6;
}

/** A relay rule's configuration as Terraform sends it: every attribute present, the optional ones null. */
function ruleConfig(index: number): Record<string, TfValue> {
  const config: Record<string, TfValue> = Object.fromEntries(Object.keys(smtpRelayRule.schema.attributes).map((name) => [name, null]));
  return { ...config, virtual_server_id: 'vs-0123456789abcdef', ip_address: `10.0.${index >> 8}.${index & 255}` };
}

interface Sample { start: number; first: number; next: number }

async function once(label: string, binary: string): Promise<Sample> {
  const child = spawn(binary, [], {
    env: {
      PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: host.certPem,
      XDG_CACHE_HOME: join(caches, label.replace(/[^\w.-]/g, '_')),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => { out += chunk; if (out.includes('\n')) resolve(); });
      child.once('exit', (code) => reject(new Error(`${binary} exited ${code} before its handshake`)));
    });
    const [, , network, address, , cert] = out.trim().split('|');
    const serverCertPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const { session, call } = connectTestClient({ network: network as 'unix', address, tls: { serverCertPem, keyPem: host.keyPem, certPem: host.certPem } });
    const ok = async <T extends MethodTypes>(method: MethodDefinition<T>, request: T['requestInit']) => {
      const c = call(method, [request]);
      const status = await c.status;
      if (status.code !== 0) throw new Error(`${method.path}: ${status.message}`);
      const response = c.messages[0];
      if ('diagnostics' in response && Array.isArray(response.diagnostics) && response.diagnostics.length) throw new Error(`${method.path}: ${JSON.stringify(response.diagnostics)}`);
      return response;
    };
    await ok(tf6.GetProviderSchema, {});
    const providerConfig = { endpoint: 'http://127.0.0.1:1', token: 'unused', username: null, password: null, ca_cert_pem: null };
    await ok(tf6.ConfigureProvider, { terraform_version: '1.11.4', config: encodeDynamicValue(providerConfig, providerType) });
    const start = cpuMs(child.pid!);
    const batch = async () => {
      let next = 0;
      const worker = async () => {
        while (next < instances) {
          const config = ruleConfig(next++);
          const encoded = encodeDynamicValue(config, ruleType);
          await ok(tf6.ValidateResourceConfig, { type_name: 'smtp_relay_rule', config: encoded });
          await ok(tf6.PlanResourceChange, {
            type_name: 'smtp_relay_rule', prior_state: { msgpack: Buffer.from([0xc0]) }, config: encoded,
            proposed_new_state: encodeDynamicValue({ ...config, id: UNKNOWN }, ruleType), client_capabilities: { deferral_allowed: true },
          });
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker)); // Terraform's default -parallelism
    };
    await batch();
    const afterFirst = cpuMs(child.pid!);
    await batch();
    const afterNext = cpuMs(child.pid!);
    session.close();
    return { start, first: afterFirst - start, next: afterNext - afterFirst };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
try {
  for (const v of variants) {
    await once(v.label, v.binary); // writes the code cache (after 300 ms of life)
    await once(v.label, v.binary); // runs with it
  }
  const samples = new Map(variants.map((v) => [v.label, [] as Sample[]]));
  const loadBefore = loadavg();
  for (let run = 0; run < runs; run++) {
    for (const v of run % 2 === 0 ? variants : [...variants].reverse()) samples.get(v.label)!.push(await once(v.label, v.binary));
  }
  console.log(`Machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average before ` +
    `${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs, medians\n`);
  console.log(`| provider | start CPU ms | first ${instances} instances, us CPU each | next ${instances}, us CPU each |\n|---|---|---|---|`);
  for (const [label, s] of samples) {
    const perInstance = (xs: number[]) => (median(xs) / instances * 1000).toFixed(0);
    console.log(`| ${label} | ${median(s.map((x) => x.start)).toFixed(1)} | ${perInstance(s.map((x) => x.first))} | ${perInstance(s.map((x) => x.next))} |`);
  }
} finally {
  rmSync(caches, { recursive: true, force: true });
}
