// Tests for the throw-away slapd: the tree, LDAPS and StartTLS with the test CA, the AD-like disabled flag, bind counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, InvalidCredentialsError } from 'ldapts';
import { slapdPasswords, slapdSuffix, startTestSlapd, type TestSlapd } from './slapd.ts';

let ldap: TestSlapd;
before(async () => { ldap = await startTestSlapd(); });
after(() => ldap?.stop());

async function withClient<T>(url: string, use: (client: Client) => Promise<T>, tlsOptions?: object): Promise<T> {
  const client = new Client({ url, timeout: 5_000, connectTimeout: 5_000, tlsOptions });
  try {
    return await use(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

test('a user binds with the right password over LDAPS verified by the test CA, and slapd counts the binds', async () => {
  const before = ldap.bindsFor(ldap.userDn('alice'));
  await withClient(ldap.ldapsUrl, (c) => c.bind(ldap.userDn('alice'), slapdPasswords.alice), { ca: ldap.caPem });
  await assert.rejects(withClient(ldap.ldapsUrl, (c) => c.bind(ldap.userDn('alice'), 'wrong'), { ca: ldap.caPem }), InvalidCredentialsError);
  assert.equal(ldap.bindsFor(ldap.userDn('alice')), before + 2);
});

test('LDAPS without the test CA is refused by certificate verification', async () => {
  await assert.rejects(withClient(ldap.ldapsUrl, (c) => c.bind(ldap.userDn('alice'), slapdPasswords.alice)), /self.signed|unable to (get|verify)/i);
});

test('StartTLS on the plain port upgrades with the test CA', async () => {
  await withClient(ldap.url, async (c) => {
    await c.startTLS({ ca: ldap.caPem, servername: 'localhost' });
    await c.bind(ldap.userDn('bob'), slapdPasswords.bob);
  });
});

test('the Active Directory user filter, verbatim, finds alice by sAMAccountName or UPN and not the disabled dave', async () => {
  const filter = (user: string) =>
    `(&(objectClass=user)(|(sAMAccountName=${user})(userPrincipalName=${user}))(!(userAccountControl:1.2.840.113556.1.4.803:=2)))`;
  await withClient(ldap.url, async (c) => {
    await c.bind(ldap.bindDn, ldap.bindPassword);
    const find = async (user: string) => (await c.search(slapdSuffix, { scope: 'sub', filter: filter(user) })).searchEntries.map((e) => e.dn);
    assert.deepEqual(await find('alice'), [ldap.userDn('alice')]);
    assert.deepEqual(await find('alice@corp.test'), [ldap.userDn('alice')]);
    assert.deepEqual(await find('dave'), []);
    const daveExists = await c.search(slapdSuffix, { filter: '(sAMAccountName=dave)' });
    assert.equal(daveExists.searchEntries.length, 1, 'dave exists; only the disabled bit hides him');
  });
});

test('nested groups are in the tree, and modify() changes it', async () => {
  await withClient(ldap.url, async (c) => {
    await c.bind(ldap.bindDn, ldap.bindPassword);
    const groupsOf = async (dn: string) => (await c.search(`ou=groups,${slapdSuffix}`, { filter: `(member=${dn})` })).searchEntries.map((e) => e.dn);
    assert.deepEqual(await groupsOf(ldap.groupDn('helpdesk')), [ldap.groupDn('relay-admins')]);
    ldap.modify(`dn: ${ldap.groupDn('helpdesk')}\nchangetype: modify\nadd: member\nmember: ${ldap.userDn('alice')}\n`);
    assert.deepEqual(await groupsOf(ldap.userDn('alice')), [ldap.groupDn('helpdesk')]);
    ldap.modify(`dn: ${ldap.groupDn('helpdesk')}\nchangetype: modify\ndelete: member\nmember: ${ldap.userDn('alice')}\n`);
    assert.deepEqual(await groupsOf(ldap.userDn('alice')), []);
  });
});
