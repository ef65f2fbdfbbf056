// Directory logins against a real slapd: filters, TLS, failover, groups, the cache and what reaches the directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../../test/support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd, type TestSlapd } from '../../../test/support/slapd.ts';
import { DirectoryClient, DirectoryUnavailableError, type DirectorySettings } from './directory-client.ts';
import { DirectoryLogins } from './directory-logins.ts';

let ldap: TestSlapd;
before(async () => { ldap = await startTestSlapd(); });
after(() => ldap?.stop());

function settings(more: Partial<DirectorySettings> = {}): DirectorySettings {
  return {
    id: 'dir-1', name: 'corp', domain: 'CORP', flavor: 'active_directory', urls: [ldap.ldapsUrl], start_tls: true, tls_ca_pem: ldap.caPem,
    bind_dn: ldap.bindDn, bind_password: ldap.bindPassword, bind_password_wo_version: 1, user_search_base: `ou=people,${slapdSuffix}`,
    user_filter: null, group_search_base: `ou=groups,${slapdSuffix}`, max_group_depth: 5, timeout_seconds: 2, cache_ttl_seconds: 60,
    negative_cache_seconds: 5, ...more,
  };
}

test('the Active Directory default filter: alice by sAMAccountName and UPN; wrong password, disabled dave and unknown names refused', async () => {
  const ad = new DirectoryClient(settings({ flavor: 'active_directory' }));
  for (const login of ['alice', 'alice@corp.test', 'ALICE']) {
    const alice = await ad.authenticate(login, slapdPasswords.alice);
    assert.ok(typeof alice === 'object', login);
    assert.equal(alice.dn, ldap.userDn('alice'));
    // slapd does not implement LDAP_MATCHING_RULE_IN_CHAIN: the filter is undefined there and matches no group.
    assert.deepEqual(alice.groups, []);
  }
  assert.equal(await ad.authenticate('alice', 'wrong'), 'wrong_password');
  assert.equal(await ad.authenticate('dave', slapdPasswords.dave), 'unknown_user', 'disabled by userAccountControl bit 2');
  assert.equal(await ad.authenticate('nobody', 'x'), 'unknown_user');
  assert.equal(await ad.authenticate('*', 'x'), 'unknown_user', 'a wildcard login matches nothing');
  assert.equal(await ad.authenticate('alice', ''), 'wrong_password', 'an empty password is never an anonymous bind');
});

test('OpenLDAP flavour: uid filter, nested groups to the depth allowed, StartTLS on ldap://', async () => {
  const client = new DirectoryClient(settings({ flavor: 'openldap', urls: [ldap.url], start_tls: true }));
  const bob = await client.authenticate('bob', slapdPasswords.bob);
  assert.ok(typeof bob === 'object');
  assert.equal(bob.dn, ldap.userDn('bob'));
  assert.deepEqual(bob.groups.sort(), [ldap.groupDn('helpdesk'), ldap.groupDn('relay-admins')]);
  const dave = await new DirectoryClient(settings({ flavor: 'openldap', user_filter: '(uid={user})' })).authenticate('dave', slapdPasswords.dave);
  assert.ok(typeof dave === 'object', 'the openldap filter does not look at userAccountControl');
  assert.deepEqual(dave.groups.sort(), [ldap.groupDn('helpdesk'), ldap.groupDn('nested-1'), ldap.groupDn('relay-admins')]);
  const shallow = await new DirectoryClient(settings({ flavor: 'openldap', max_group_depth: 1 })).authenticate('dave', slapdPasswords.dave);
  assert.ok(typeof shallow === 'object');
  assert.deepEqual(shallow.groups, [ldap.groupDn('nested-1')]);
  assert.equal(await client.authenticate('bob', 'wrong'), 'wrong_password');
});

test('TLS is verified: ldaps without the CA, or a certificate not naming the host, is unavailable', async () => {
  await assert.rejects(new DirectoryClient(settings({ flavor: 'openldap', tls_ca_pem: null })).authenticate('bob', slapdPasswords.bob),
    (e: Error) => e instanceof DirectoryUnavailableError && /certificate/i.test(e.message));
  const wrongName = ldap.ldapsUrl.replace('localhost', '127.0.0.2');
  await assert.rejects(new DirectoryClient(settings({ flavor: 'openldap', urls: [wrongName] })).authenticate('bob', slapdPasswords.bob),
    (e: Error) => e instanceof DirectoryUnavailableError);
});

test('failover: a dead first URL is skipped; all dead is unavailable; a refused service account is unavailable', async () => {
  const dead = `ldap://127.0.0.1:${await freePort()}`;
  const bob = await new DirectoryClient(settings({ flavor: 'openldap', urls: [dead, ldap.ldapsUrl] })).authenticate('bob', slapdPasswords.bob);
  assert.ok(typeof bob === 'object');
  await assert.rejects(new DirectoryClient(settings({ urls: [dead] })).authenticate('bob', slapdPasswords.bob), DirectoryUnavailableError);
  const misconfigured = new DirectoryClient(settings({ bind_password: 'wrong' }));
  const serviceBinds = ldap.bindsFor(ldap.bindDn);
  await assert.rejects(misconfigured.authenticate('bob', slapdPasswords.bob),
    (e: Error) => e instanceof DirectoryUnavailableError && /service account/.test(e.message) && !e.message.includes('wrong'));
  for (let i = 0; i < 5; i++) await assert.rejects(misconfigured.authenticate('bob', slapdPasswords.bob), DirectoryUnavailableError);
  assert.equal(ldap.bindsFor(ldap.bindDn), serviceBinds + 1, 'a refused service account is not tried again for a while (no lock-out by the relay)');
});

test('cache: a login that worked is answered without a bind for the TTL, another password still asks; group changes show after the TTL', async () => {
  let now = 1_000_000;
  const logins = new DirectoryLogins(() => now);
  const ref = { id: 'dir-1', version: 1, settings: settings({ flavor: 'openldap', cache_ttl_seconds: 30 }) };
  const binds = () => ldap.bindsFor(ldap.userDn('carol'));
  const start = binds();
  const first = await logins.authenticate(ref, 'carol', slapdPasswords.carol);
  assert.ok(typeof first === 'object' && first.groups.includes(ldap.groupDn('relay-admins')));
  assert.equal(binds(), start + 1);
  await logins.authenticate(ref, 'Carol', slapdPasswords.carol);
  assert.equal(binds(), start + 1, 'cached (login names compare case-insensitively)');
  assert.equal(await logins.authenticate(ref, 'carol', 'wrong'), 'wrong_password');
  assert.equal(binds(), start + 2, 'another password goes to the directory');
  ldap.modify(`dn: ${ldap.groupDn('relay-admins')}\nchangetype: modify\ndelete: member\nmember: ${ldap.userDn('carol')}\n`);
  const stillCached = await logins.authenticate(ref, 'carol', slapdPasswords.carol);
  assert.ok(typeof stillCached === 'object' && stillCached.groups.includes(ldap.groupDn('relay-admins')));
  now += 31_000;
  const after = await logins.authenticate(ref, 'carol', slapdPasswords.carol);
  assert.ok(typeof after === 'object' && !after.groups.includes(ldap.groupDn('relay-admins')), 'membership re-read after the TTL');
  assert.equal(binds(), start + 3);
  ldap.modify(`dn: ${ldap.groupDn('relay-admins')}\nchangetype: modify\nadd: member\nmember: ${ldap.userDn('carol')}\n`);
});

test('cache: an unknown user is remembered for negative_cache_seconds only; a changed directory version starts afresh', async () => {
  let now = 5_000_000;
  const logins = new DirectoryLogins(() => now);
  const ref = { id: 'dir-2', version: 1, settings: settings({ flavor: 'openldap', negative_cache_seconds: 5 }) };
  const searches = () => ldap.bindsFor(ldap.bindDn);
  assert.equal(await logins.authenticate(ref, 'erin', 'x'), 'unknown_user');
  const after1 = searches();
  assert.equal(await logins.authenticate(ref, 'erin', 'y'), 'unknown_user');
  assert.equal(searches(), after1, 'answered from the negative cache');
  now += 6_000;
  assert.equal(await logins.authenticate(ref, 'erin', 'y'), 'unknown_user');
  assert.equal(searches(), after1 + 1, 'asked again after 5 s');
  await logins.authenticate(ref, 'alice', slapdPasswords.alice);
  const aliceBinds = ldap.bindsFor(ldap.userDn('alice'));
  await logins.authenticate({ ...ref, version: 2 }, 'alice', slapdPasswords.alice);
  assert.equal(ldap.bindsFor(ldap.userDn('alice')), aliceBinds + 1, 'a new directory version is not answered from the old cache');
});
