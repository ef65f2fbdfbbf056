// An export writes only what differs from the API's defaults, nested members included, and always its expressions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedMembers, differs, present } from './attribute-selection.ts';
import { HclExpression } from './hcl-syntax.ts';

test('nested objects keep only the members that differ from their defaults', () => {
  const defaults = { smart_host: null, smart_host_port: 25, outbound_security: { authentication: 'anonymous', tls: false }, retry: [15, 30] };
  const password = new HclExpression('var.p');
  assert.deepEqual(
    changedMembers({ smart_host: 'isp', smart_host_port: 25, outbound_security: { authentication: 'basic', tls: false, password_wo: password }, retry: [15, 30] }, defaults),
    { smart_host: 'isp', outbound_security: { authentication: 'basic', password_wo: password } },
  );
  assert.equal(changedMembers({ smart_host: null, smart_host_port: 25, outbound_security: { authentication: 'anonymous', tls: false }, retry: [15, 30] }, defaults), undefined);
});

test('differs compares deeply; present drops undefined values only', () => {
  assert.equal(differs([15, 30], [15, 30]), undefined);
  assert.deepEqual(differs([15], [15, 30]), [15]);
  assert.deepEqual(present([['a', 1], ['b', undefined], ['c', null]]), [{ name: 'a', value: 1 }, { name: 'c', value: null }]);
});
