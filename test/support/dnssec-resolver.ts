// A validating DNS resolver for tests: zones signed at run time (ldns-keygen ECDSAP256SHA256, ldns-signzone NSEC) served
// by one foreground unbound on 127.0.0.1 (a free port) as auth-zones for-upstream, so its validator checks them.
//
//   if (dnssecSkip) { test('needs unbound', { skip: dnssecSkip }, () => {}); }      // never skipped when CI=true
//   const dns = await startDnssecResolver([
//     { name: 'dane.test', signed: true, records: ['ex MX 10 mx.ex', 'mx.ex A 127.0.0.11', '_25._tcp.mx.ex TLSA 3 1 1 ab..'],
//       tamper: [['ab..', 'cd..']] },                      // changed after signing: that RRset is bogus (SERVFAIL)
//     { name: 'plain.test', signed: false, records: ['@ MX 10 mx', 'mx A 127.0.0.20'] },   // no trust anchor: insecure
//   ]);
//   dns.server;                                            // '127.0.0.1:PORT' for DnssecLookup / node:dns
//   await dns.stop();                                      // by PID, bounded
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';

/** A zone: its name, records relative to it (zone file syntax; the SOA, NS and ns A are added), whether it is signed. */
export interface TestZone {
  name: string;
  records: string[];
  signed: boolean;
  /** Text replacements made in the signed zone file: the RRsets they touch no longer match their signatures. */
  tamper?: Array<[string, string]>;
}

export interface DnssecResolver {
  /** `127.0.0.1:PORT`, as DnssecLookup and node:dns take a server. */
  server: string;
  stop(): Promise<void>;
}

const searchPath = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin'].filter(Boolean);

function binary(name: string): string | null {
  return searchPath.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

/** Why the DNSSEC tests cannot run here, or false. Always false with CI=true, so that CI fails loudly instead of skipping. */
export const dnssecSkip: string | false = process.env.CI === 'true' || ['unbound', 'ldns-keygen', 'ldns-signzone'].every(binary)
  ? false
  : 'unbound and ldnsutils (ldns-keygen, ldns-signzone) are needed: apt-get install unbound ldnsutils';

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(binary(command) ?? command, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.error?.message ?? ''}${result.stderr}`);
  return result.stdout.trim();
}

/** Writes the zone file and, for a signed zone, signs it with a fresh key; returns the file unbound serves and its trust anchor (DS). */
function prepareZone(dir: string, zone: TestZone): { file: string; anchor: string | null } {
  const file = join(dir, `${zone.name}.zone`);
  const head = [`$ORIGIN ${zone.name}.`, '$TTL 300', '@ IN SOA ns hostmaster 1 3600 600 86400 300', '@ IN NS ns', 'ns IN A 127.0.0.1'];
  writeFileSync(file, [...head, ...zone.records, ''].join('\n'));
  if (!zone.signed) return { file, anchor: null };
  const key = run('ldns-keygen', ['-a', 'ECDSAP256SHA256', '-k', zone.name], dir);
  run('ldns-signzone', ['-f', `${file}.signed`, file, key], dir);
  let signed = readFileSync(`${file}.signed`, 'utf8');
  for (const [from, to] of zone.tamper ?? []) {
    if (!signed.includes(from)) throw new Error(`tamper: "${from}" is not in the signed zone ${zone.name}`);
    signed = signed.replace(from, to);
  }
  writeFileSync(`${file}.signed`, signed);
  const ds = readFileSync(join(dir, `${key}.ds`), 'utf8').trim().split(/\s+/).filter((field) => field !== 'IN').join(' ');
  return { file: `${file}.signed`, anchor: ds };
}

function unboundConfig(dir: string, port: number, zones: Array<{ name: string; file: string; anchor: string | null }>): string {
  return [
    'server:',
    '  interface: 127.0.0.1', `  port: ${port}`, '  do-ip6: no',
    '  chroot: ""', '  username: ""', `  directory: "${dir}"`, `  pidfile: "${join(dir, 'unbound.pid')}"`,
    '  use-syslog: no', '  logfile: ""', '  verbosity: 1', '  val-log-level: 2',
    '  do-not-query-localhost: no', '  module-config: "validator iterator"', '  trust-anchor-signaling: no',
    '  access-control: 127.0.0.0/8 allow',
    // unbound answers the special-use names (test., invalid., ...) from built-in empty local zones unless told not to.
    '  local-zone: "test." nodefault',
    ...zones.filter((z) => z.anchor).map((z) => `  trust-anchor: "${z.anchor}"`),
    'remote-control:', '  control-enable: no',
    ...zones.flatMap((z) => ['auth-zone:', `  name: "${z.name}"`, `  zonefile: "${z.file}"`, '  for-upstream: yes', '  for-downstream: no', '  fallback-enabled: no']),
    '',
  ].join('\n');
}

/** Resolves once the resolver answers for `zone`, or rejects after `timeoutMs` (or when unbound exited). */
async function ready(child: ChildProcess, server: string, zone: string, log: () => string, timeoutMs = 10_000): Promise<void> {
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server]);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`unbound exited (${child.exitCode}): ${log()}`);
    try {
      await resolver.resolveSoa(zone);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`unbound did not answer within ${timeoutMs} ms: ${log()}`);
}

async function stopProcess(pid: number): Promise<void> {
  if (processAlive(pid)) process.kill(pid, 'SIGTERM');
  for (let waited = 0; processAlive(pid) && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Signs the zones, starts unbound in the foreground on a free loopback port and waits until it answers. */
export async function startDnssecResolver(zones: TestZone[]): Promise<DnssecResolver> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-dnssec-'));
  try {
    const served = zones.map((zone) => ({ name: zone.name, ...prepareZone(dir, zone) }));
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      writeFileSync(join(dir, 'unbound.conf'), unboundConfig(dir, port, served));
      let output = '';
      const child = spawn(binary('unbound') ?? 'unbound', ['-d', '-c', join(dir, 'unbound.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
      const pid = child.pid!;
      // If the test process dies without its after() hooks, unbound is still stopped.
      const onExit = () => { if (processAlive(pid)) process.kill(pid, 'SIGKILL'); };
      process.once('exit', onExit);
      const server = `127.0.0.1:${port}`;
      try {
        await ready(child, server, zones[0].name, () => output);
      } catch (error) {
        lastError = error;
        process.removeListener('exit', onExit);
        await stopProcess(pid);
        continue;
      }
      return {
        server,
        async stop() {
          process.removeListener('exit', onExit);
          await stopProcess(pid);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    throw lastError;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
