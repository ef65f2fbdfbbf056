// A throw-away OpenLDAP slapd for directory tests: loopback, mdb in a temp dir, LDAPS with a test CA, a test tree from LDIF.
//
//   const ldap = await startTestSlapd();            // in before(); after(() => ldap.stop())
//   ldap.url / ldap.ldapsUrl / ldap.caPem           // ldap://127.0.0.1:P (StartTLS offered), ldaps://localhost:Q, trust anchor
//   ldap.bindDn / ldap.bindPassword                 // the service account the relay binds as (cn=relay,ou=services,...)
//   ldap.bindsFor(ldap.userDn('alice'))             // simple binds slapd saw for that DN (its loglevel stats log)
//   await ldap.modify(ldif)                         // ldapmodify as the root DN, e.g. to remove a member from a group
//
// The tree (suffix dc=corp,dc=test): users alice, bob, carol, dave (disabled) in ou=people; groups in ou=groups:
// relay-admins (member: carol and the group helpdesk), helpdesk (member: bob, and the group nested-1), nested-1 (member:
// dave). "Disabled" is modelled as Active Directory does it: a `userAccountControl` attribute (test schema below,
// INTEGER with integerMatch) whose bit 2 (ACCOUNTDISABLE) the AD filter tests with slapd's built-in bitwise matching rule
// 1.2.840.113556.1.4.803. Users also carry `sAMAccountName` and `userPrincipalName` and the auxiliary class `user`, so
// the Active Directory default filter runs against slapd verbatim. What slapd cannot do is the AD-only matching rule
// LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941); nested groups here are resolved by `member` searches.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';
import { createTestCa } from './test-ca.ts';

export const slapdSuffix = 'dc=corp,dc=test';

/** The test users' passwords (dave is disabled: his password is right, the account is not). */
export const slapdPasswords = { alice: 'Alice-pw-1!', bob: 'Bob-pw-2!', carol: 'Carol-pw-3!', dave: 'Dave-pw-4!' } as const;

export interface TestSlapd {
  /** ldap://127.0.0.1:PORT (plain; StartTLS offered with the test CA's certificate for 127.0.0.1 and localhost). */
  url: string;
  /** ldaps://localhost:PORT (TLS from the first byte). */
  ldapsUrl: string;
  /** PEM of the CA that issued slapd's certificate. */
  caPem: string;
  /** The service account's DN and password (may read the tree, as a relay's bind DN does). */
  bindDn: string;
  bindPassword: string;
  /** DN of a user in ou=people. */
  userDn(uid: string): string;
  /** DN of a group in ou=groups. */
  groupDn(cn: string): string;
  /** Number of simple binds slapd has logged so far for `dn` (case-insensitive), or for all DNs without one. */
  bindsFor(dn?: string): number;
  /** Runs ldapmodify as the root DN with this LDIF. */
  modify(ldif: string): void;
  /** Stops slapd by PID (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
  stop(): Promise<void>;
}

/** Attributes and a class modelled on Active Directory's, with matching rules slapd can filter on. */
const adLikeSchema = `
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'userAccountControl' EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'user' AUXILIARY MAY ( sAMAccountName $ userPrincipalName $ userAccountControl ) )
`;

/** {SSHA} as slappasswd makes it, so the LDIF holds no clear password. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  return `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
}

function treeLdif(bindPassword: string): string {
  const user = (uid: string, password: string, uac: number) => `dn: uid=${uid},ou=people,${slapdSuffix}
objectClass: inetOrgPerson
objectClass: user
uid: ${uid}
cn: ${uid}
sn: ${uid}
mail: ${uid}@corp.test
sAMAccountName: ${uid}
userPrincipalName: ${uid}@corp.test
userAccountControl: ${uac}
userPassword: ${ssha(password)}
`;
  const group = (cn: string, members: string[]) => `dn: cn=${cn},ou=groups,${slapdSuffix}
objectClass: groupOfNames
cn: ${cn}
${members.map((m) => `member: ${m}`).join('\n')}
`;
  const people = (uid: string) => `uid=${uid},ou=people,${slapdSuffix}`;
  const groups = (cn: string) => `cn=${cn},ou=groups,${slapdSuffix}`;
  return [
    `dn: ${slapdSuffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: corp\no: Corp\n`,
    `dn: ou=people,${slapdSuffix}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${slapdSuffix}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ou=services,${slapdSuffix}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: cn=relay,ou=services,${slapdSuffix}\nobjectClass: person\ncn: relay\nsn: relay\nuserPassword: ${ssha(bindPassword)}\n`,
    // 512 = NORMAL_ACCOUNT; 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE.
    user('alice', slapdPasswords.alice, 512),
    user('bob', slapdPasswords.bob, 512),
    user('carol', slapdPasswords.carol, 512),
    user('dave', slapdPasswords.dave, 514),
    group('nested-1', [people('dave')]),
    group('helpdesk', [people('bob'), groups('nested-1')]),
    group('relay-admins', [people('carol'), groups('helpdesk')]),
    group('empty', [`cn=nobody,${slapdSuffix}`]),
  ].join('\n');
}

function slapdConf(dir: string, rootPassword: string, bindDn: string): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include ${join(dir, 'ad-like.schema')}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${join(dir, 'slapd.pid')}
loglevel stats
TLSCACertificateFile ${join(dir, 'ca.pem')}
TLSCertificateFile ${join(dir, 'cert.pem')}
TLSCertificateKeyFile ${join(dir, 'key.pem')}
database mdb
maxsize 104857600
suffix "${slapdSuffix}"
rootdn "cn=admin,${slapdSuffix}"
rootpw ${rootPassword}
directory ${join(dir, 'data')}
access to attrs=userPassword by dn.exact="${bindDn}" none by anonymous auth by * none
access to * by dn.exact="${bindDn}" read by users read by * none
`;
}

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', input, timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
}

/** Starts slapd (Debian packages slapd and ldap-utils) on two free loopback ports; rejects with slapd's output if it fails. */
export async function startTestSlapd(): Promise<TestSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-slapd-'));
  const ca = createTestCa('Relayform slapd test CA');
  const server = ca.issue(['localhost', '127.0.0.1']);
  const rootPassword = randomBytes(12).toString('hex');
  const bindPassword = randomBytes(12).toString('hex');
  const bindDn = `cn=relay,ou=services,${slapdSuffix}`;
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'cert.pem'), server.cert);
  writeFileSync(join(dir, 'key.pem'), server.key, { mode: 0o600 });
  writeFileSync(join(dir, 'ad-like.schema'), adLikeSchema);
  writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, rootPassword, bindDn));
  writeFileSync(join(dir, 'tree.ldif'), treeLdif(bindPassword));
  spawnSync('mkdir', [join(dir, 'data')]);
  try {
    run('slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'tree.ldif'), '-q']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://localhost:${ldapsPort}`;
  // -d stats: stay in the foreground (a plain child stopped by PID) and write the stats log to stderr, where binds are counted.
  const child: ChildProcess = spawn('slapd', ['-d', 'stats', '-f', join(dir, 'slapd.conf'), '-h', `${url}/ ldaps://127.0.0.1:${ldapsPort}/`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`slapd did not start within 15 s:\n${log}`)), 15_000);
    child.stderr!.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('slapd starting')) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`slapd exited (${code}):\n${log}`)); });
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
  }).catch((error: unknown) => {
    if (child.pid && processAlive(child.pid)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const pid = child.pid!;
  const onExit = () => { if (processAlive(pid)) process.kill(pid, 'SIGKILL'); };
  process.once('exit', onExit);
  const people = (uid: string) => `uid=${uid},ou=people,${slapdSuffix}`;
  return {
    url,
    ldapsUrl,
    caPem: ca.certPem,
    bindDn,
    bindPassword,
    userDn: people,
    groupDn: (cn) => `cn=${cn},ou=groups,${slapdSuffix}`,
    bindsFor(dn) {
      const binds = [...log.matchAll(/ BIND dn="([^"]*)" method=128/g)].map((m) => m[1].toLowerCase());
      return dn === undefined ? binds.length : binds.filter((b) => b === dn.toLowerCase()).length;
    },
    modify(ldif) {
      run('ldapmodify', ['-x', '-H', url, '-D', `cn=admin,${slapdSuffix}`, '-w', rootPassword], ldif);
    },
    async stop() {
      process.removeListener('exit', onExit);
      if (processAlive(pid)) process.kill(pid, 'SIGTERM');
      for (let waited = 0; processAlive(pid) && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
