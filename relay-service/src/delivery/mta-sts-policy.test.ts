// Tests for the MTA-STS TXT record and policy file parsers and the mx pattern match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxAgeLimit, mxAllowed, parsePolicy, stsRecordId } from './mta-sts-policy.ts';

test('the TXT record gives its id only when exactly one well-formed v=STSv1 record exists', () => {
  assert.equal(stsRecordId([['v=STSv1; id=20260101T000000;']]), '20260101T000000');
  assert.equal(stsRecordId([['v=STSv1;id=abc']]), 'abc', 'no spaces, no final semicolon');
  assert.equal(stsRecordId([['v=STSv1; ', 'id=split;']]), 'split', 'the strings of one record are joined');
  assert.equal(stsRecordId([['v=spf1 -all'], ['v=STSv1; id=one; ext=1;']]), 'one', 'other records and extension fields are ignored');
  assert.equal(stsRecordId([['v=STSv1; id=one;'], ['v=STSv1; id=two;']]), null, 'two STS records: no policy');
  assert.equal(stsRecordId([['v=STSv1; id=has-dash;']]), null, 'id is letters and digits only');
  assert.equal(stsRecordId([[`v=STSv1; id=${'a'.repeat(33)};`]]), null, 'id is 32 characters at most');
  assert.equal(stsRecordId([['v=STSv1; ext=1;']]), null, 'no id');
  assert.equal(stsRecordId([['v=STSv1; id=ok; bad field;']]), null, 'a field that is not key=value');
  assert.equal(stsRecordId([['v=STSv2; id=abc;']]), null);
  assert.equal(stsRecordId([]), null);
});

test('a policy file parses with its mode, mx patterns and max_age; CRLF, spaces and unknown keys are fine', () => {
  const text = 'version: STSv1\r\nmode: enforce\r\nmx: mail.Example.com.\r\nmx:*.example.net\r\nmax_age: 604800\r\nextra: ignored\r\n';
  assert.deepEqual(parsePolicy(text), { mode: 'enforce', mx: ['mail.example.com', '*.example.net'], maxAge: 604800 });
  assert.deepEqual(parsePolicy('version: STSv1\nmode: none\nmax_age: 86400'), { mode: 'none', mx: [], maxAge: 86400 });
  assert.deepEqual(parsePolicy('version: STSv1\nmode: testing\nmode: enforce\nmx: a.test\nmax_age: 60\n')?.mode, 'testing', 'the first mode counts');
  assert.equal(parsePolicy(`version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 9999999999\n`)?.maxAge, maxAgeLimit);
});

test('a malformed policy is no policy', () => {
  const valid = { version: 'version: STSv1', mode: 'mode: enforce', mx: 'mx: mail.example.com', maxAge: 'max_age: 86400' };
  const without = (key: keyof typeof valid, replacement?: string) =>
    Object.entries(valid).map(([k, line]) => (k === key ? replacement : line)).filter((l) => l !== undefined).join('\n');
  assert.ok(parsePolicy(without('mode', 'mode: enforce')), 'the baseline parses');
  assert.equal(parsePolicy(without('version', 'version: STSv2')), null);
  assert.equal(parsePolicy(without('version')), null);
  assert.equal(parsePolicy(without('mode', 'mode: strict')), null);
  assert.equal(parsePolicy(without('mx')), null, 'enforce without mx');
  assert.equal(parsePolicy(without('mx', 'mx: *.*.example.com')), null);
  assert.equal(parsePolicy(without('mx', 'mx: mail.example.com:25')), null);
  assert.equal(parsePolicy(without('maxAge', 'max_age: -1')), null);
  assert.equal(parsePolicy(without('maxAge', 'max_age: 12345678901')), null);
  assert.equal(parsePolicy(without('maxAge')), null);
  assert.equal(parsePolicy(`${without('mode', 'mode: enforce')}\nthis line has no colon`), null);
  assert.equal(parsePolicy('<html>not found</html>'), null);
});

test('mx patterns: exact names and a wildcard for exactly one leftmost label, case-insensitive', () => {
  const policy = { mx: ['mail.example.com', '*.example.net'] };
  assert.ok(mxAllowed(policy, 'MAIL.example.com.'));
  assert.ok(mxAllowed(policy, 'mx1.example.net'));
  assert.ok(!mxAllowed(policy, 'example.net'), 'the wildcard needs a label');
  assert.ok(!mxAllowed(policy, 'a.b.example.net'), 'the wildcard is one label');
  assert.ok(!mxAllowed(policy, 'badexample.net'));
  assert.ok(!mxAllowed(policy, 'other.example.com'));
});
