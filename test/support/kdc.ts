// An MIT Kerberos KDC for tests: a throw-away realm in a temp dir, krb5kdc in the foreground on a free loopback port.
//
//   if (kdcSkip) { test('needs krb5-kdc', { skip: kdcSkip }, () => {}); }       // never skipped when CI=true
//   const kdc = await startKdc({ users: { alice: 'alice-pw' }, services: ['smtp/relay.test'] });
//   kdc.keytab('smtp/relay.test');                    // Buffer: the service key exported by kadmin.local (-norandkey)
//   kdc.rekey('smtp/relay.test');                     // a new random key (kvno+1): keytabs exported before no longer work
//   kdc.limitTicketLife('smtp/relay.test', '3s');     // its service tickets expire long before the user's TGT
//   const ccache = kdc.kinit('alice', 'alice-pw', { lifetime: '5s' });   // FILE:... with alice's TGT
//   kdc.env;                                          // KRB5_CONFIG / KRB5_KDC_PROFILE for clients and the relay
//   await kdc.stop();                                 // by PID, bounded; removes the temp dir
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';

export interface KdcOptions {
  realm?: string;
  /** User principals and their passwords. */
  users: Record<string, string>;
  /** Service principals (e.g. `smtp/relay.test`), created with random keys. */
  services: string[];
  /**
   * Allowed clock skew in seconds written to krb5.conf (MIT's default is 300): an acceptor treats a ticket as expired
   * only this long after its end time, so tests of expired tickets set it low.
   */
  clockSkewSeconds?: number;
}

export interface TestKdc {
  readonly realm: string;
  /** Environment for everything that talks Kerberos in this realm: KRB5_CONFIG and KRB5_KDC_PROFILE. */
  readonly env: Record<string, string>;
  /** The current keys of `principal` as a keytab file's bytes (kadmin.local ktadd -norandkey). */
  keytab(principal: string): Buffer;
  /** Gives `principal` a new random key; keytabs exported before hold only the old key version. */
  rekey(principal: string): void;
  /** Caps the lifetime of tickets for `principal` (kadmin `modprinc -maxlife`, e.g. '3s'), shorter than the TGT's. */
  limitTicketLife(principal: string, life: string): void;
  /** Gets a TGT for `user` into a new credentials cache and returns its name (`FILE:/...`) for KRB5CCNAME. */
  kinit(user: string, password: string, options?: { lifetime?: string }): string;
  stop(): Promise<void>;
}

const searchPath = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'].filter(Boolean);

function binary(name: string): string | null {
  return searchPath.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

/** Why the Kerberos tests cannot run here, or false. Always false with CI=true, so that CI fails loudly instead of skipping. */
export const kdcSkip: string | false = process.env.CI === 'true' || ['krb5kdc', 'kdb5_util', 'kadmin.local', 'kinit'].every(binary)
  ? false
  : 'MIT Kerberos is needed: apt-get install krb5-kdc krb5-admin-server krb5-user';

function krb5Conf(realm: string, port: number, skew: number): string {
  return [
    '[libdefaults]',
    `  default_realm = ${realm}`,
    '  dns_lookup_realm = false', '  dns_lookup_kdc = false', '  rdns = false', '  dns_canonicalize_hostname = false',
    `  clockskew = ${skew}`,
    '[realms]',
    `  ${realm} = {`, `    kdc = 127.0.0.1:${port}`, '  }',
    '[domain_realm]',
    `  .${realm.toLowerCase()} = ${realm}`, `  ${realm.toLowerCase()} = ${realm}`,
    '',
  ].join('\n');
}

function kdcConf(dir: string, realm: string, port: number): string {
  return [
    '[kdcdefaults]', `  kdc_listen = 127.0.0.1:${port}`, `  kdc_tcp_listen = 127.0.0.1:${port}`,
    '[realms]',
    `  ${realm} = {`,
    `    database_name = ${join(dir, 'principal')}`, `    key_stash_file = ${join(dir, 'stash')}`,
    `    acl_file = ${join(dir, 'kadm5.acl')}`, '    max_life = 10h', '    max_renewable_life = 0',
    '    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal',
    '  }',
    '[logging]', `  kdc = FILE:${join(dir, 'kdc.log')}`,
    '',
  ].join('\n');
}

async function stopProcess(pid: number): Promise<void> {
  if (processAlive(pid)) process.kill(pid, 'SIGTERM');
  for (let waited = 0; processAlive(pid) && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Creates the realm's database with the principals, starts krb5kdc on a free loopback port and waits until kinit works. */
export async function startKdc(options: KdcOptions): Promise<TestKdc> {
  const realm = options.realm ?? 'RELAY.TEST';
  const dir = mkdtempSync(join(tmpdir(), 'relay-kdc-'));
  const port = await freePort();
  writeFileSync(join(dir, 'krb5.conf'), krb5Conf(realm, port, options.clockSkewSeconds ?? 300));
  writeFileSync(join(dir, 'kdc.conf'), kdcConf(dir, realm, port));
  writeFileSync(join(dir, 'kadm5.acl'), '');
  const env = { KRB5_CONFIG: join(dir, 'krb5.conf'), KRB5_KDC_PROFILE: join(dir, 'kdc.conf') };
  const run = (command: string, args: string[], input?: string): string => {
    const result = spawnSync(binary(command) ?? command, args, {
      encoding: 'utf8', timeout: 30_000, input, env: { ...process.env, ...env },
    });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.error?.message ?? ''}${result.stderr}`);
    return result.stdout;
  };
  const kadmin = (query: string): string => run('kadmin.local', ['-r', realm, '-q', query]);
  let ccaches = 0;
  try {
    // The master password only protects the stash in this temp dir.
    run('kdb5_util', ['-r', realm, 'create', '-s', '-P', randomBytes(12).toString('hex')]);
    for (const [user, password] of Object.entries(options.users)) kadmin(`addprinc -pw ${password} ${user}`);
    for (const service of options.services) kadmin(`addprinc -randkey ${service}`);
    const child = spawn(binary('krb5kdc') ?? 'krb5kdc', ['-n', '-r', realm], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const pid = child.pid!;
    const onExit = () => { if (processAlive(pid)) process.kill(pid, 'SIGKILL'); };
    process.once('exit', onExit);
    const kdc: TestKdc = {
      realm,
      env,
      keytab(principal) {
        const file = join(dir, `export-${randomBytes(4).toString('hex')}.keytab`);
        kadmin(`ktadd -norandkey -k ${file} ${principal}`);
        const bytes = readFileSync(file);
        rmSync(file);
        return bytes;
      },
      rekey(principal) {
        kadmin(`cpw -randkey ${principal}`);
      },
      limitTicketLife(principal, life) {
        kadmin(`modprinc -maxlife ${life} ${principal}`);
      },
      kinit(user, password, kinitOptions = {}) {
        const ccache = `FILE:${join(dir, `ccache-${++ccaches}`)}`;
        const args = ['-c', ccache, ...(kinitOptions.lifetime ? ['-l', kinitOptions.lifetime] : []), `${user}@${realm}`];
        run('kinit', args, `${password}\n`);
        return ccache;
      },
      async stop() {
        process.removeListener('exit', onExit);
        await stopProcess(pid);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    // Ready when a first kinit gets a ticket (the KDC answers on its port).
    const [firstUser, firstPassword] = Object.entries(options.users)[0] ?? [];
    for (const deadline = Date.now() + 10_000; ;) {
      if (child.exitCode !== null) throw new Error(`krb5kdc exited (${child.exitCode}): ${output}`);
      try {
        if (firstUser) kdc.kinit(firstUser, firstPassword);
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          await kdc.stop();
          throw error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return kdc;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
