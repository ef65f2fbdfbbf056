// Unit tests of masqueradedSender: the domain replaced, the null sender and an unset domain left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { masqueradedSender } from './masquerade.ts';

test('the domain of the envelope sender is replaced, the local part kept (also one with @ inside quotes)', () => {
  assert.equal(masqueradedSender('app@web01.corp.local', 'example.com'), 'app@example.com');
  assert.equal(masqueradedSender('"a@b"@host.local', 'example.com'), '"a@b"@example.com');
});

test('a bounce (null sender) and an unset masquerade domain leave the sender as it is', () => {
  assert.equal(masqueradedSender('', 'example.com'), '');
  assert.equal(masqueradedSender('app@web01.corp.local', null), 'app@web01.corp.local');
});
