// Tests plan-time defaults that depend on sibling configuration values (attribute option defaultFrom).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN, Unknown } from '../protocol/value.ts';
import { planChange } from './plan-change.ts';
import { attribute } from './schema/attribute.ts';

/** Like a certificate: key_algorithm defaults to RSA_2048 when generating, and is read from the PEM when importing. */
const attributes = {
  id: attribute.string({ description: 'id', computed: true, useStateForUnknown: true }),
  pem: attribute.string({ description: 'pem', optional: true, computed: true }),
  key_algorithm: attribute.string({
    description: 'key algorithm', optional: true, computed: true,
    defaultFrom: (config) => (config.pem === null ? 'RSA_2048' : undefined),
  }),
};

test('defaultFrom fills the plan when the siblings ask for it', () => {
  const config = { id: null, pem: null, key_algorithm: null };
  const planned = planChange(attributes, null, config, config).planned as any;
  assert.equal(planned.key_algorithm, 'RSA_2048');
  assert.ok(planned.pem instanceof Unknown);
});

test('defaultFrom answering undefined leaves a computed value unknown on create and the prior value otherwise', () => {
  const config = { id: null, pem: 'PEM', key_algorithm: null };
  assert.ok((planChange(attributes, null, config, config).planned as any).key_algorithm instanceof Unknown);
  const prior = { id: 'c1', pem: 'PEM', key_algorithm: 'ECDSA_P256' };
  assert.equal(planChange(attributes, prior, config, config).action, 'no-op');
});

test('defaultFrom is not asked while the configured value is set, and sees unknown siblings', () => {
  const set = { id: null, pem: null, key_algorithm: 'RSA_4096' };
  assert.equal((planChange(attributes, null, set, set).planned as any).key_algorithm, 'RSA_4096');
  const unknownPem = { id: null, pem: UNKNOWN, key_algorithm: null };
  assert.ok((planChange(attributes, null, unknownPem, unknownPem).planned as any).key_algorithm instanceof Unknown);
});

test('defaultFrom requires a computed attribute', () => {
  assert.throws(() => attribute.string({ description: 'x', optional: true, defaultFrom: () => 'y' }), /defaultFrom needs computed/);
});
