// Tests for filter escaping (RFC 4515 section 3 and its examples) and the membership filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directMembershipFilter, escapeFilterValue, inChainMembershipFilter, userFilter } from './ldap-filter.ts';

test('RFC 4515 examples: the special characters become \\XX escapes, UTF-8 stays', () => {
  assert.equal(escapeFilterValue('Parens R Us (for all your parenthetical needs)'), 'Parens R Us \\28for all your parenthetical needs\\29');
  assert.equal(escapeFilterValue('*'), '\\2a');
  assert.equal(escapeFilterValue('C:\\MyFile'), 'C:\\5cMyFile');
  assert.equal(escapeFilterValue('a\0b'), 'a\\00b');
  assert.equal(escapeFilterValue('Lučić'), 'Lučić');
});

test('a login name cannot widen the filter: "*" and ")(uid=*" are literal', () => {
  assert.equal(userFilter('(uid={user})', '*'), '(uid=\\2a)');
  assert.equal(userFilter('(|(sAMAccountName={user})(userPrincipalName={user}))', 'x)(uid=*'),
    '(|(sAMAccountName=x\\29\\28uid=\\2a)(userPrincipalName=x\\29\\28uid=\\2a))');
});

test('membership filters escape the DNs they carry', () => {
  assert.equal(inChainMembershipFilter('CN=Smith\\, John,DC=corp'), '(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, John,DC=corp)');
  assert.equal(directMembershipFilter(['cn=a(1)']), '(member=cn=a\\281\\29)');
  assert.equal(directMembershipFilter(['cn=a', 'cn=b'], 'al*'), '(|(member=cn=a)(member=cn=b)(memberUid=al\\2a))');
});
