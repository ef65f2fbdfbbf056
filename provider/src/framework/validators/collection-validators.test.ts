// Tests of sizeBetween, distinctElements and greaterThan: accepted values pass, others name the attribute (or element).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigNumber, type TfValue } from '../../protocol/value.ts';
import { distinctElements, greaterThan, sizeBetween } from './collection-validators.ts';
import type { AttributeValidator } from './validator.ts';

const path = [{ attribute: 'delivery' }, { attribute: 'retry_intervals_minutes' }];
const check = (validator: AttributeValidator, value: TfValue) => validator.validate(value, { path, parent: {} });

test('sizeBetween counts elements inclusively', () => {
  assert.deepEqual(check(sizeBetween(1, 3), [1]), []);
  assert.deepEqual(check(sizeBetween(1, 3), [1, 2, 3]), []);
  for (const bad of [[], [1, 2, 3, 4]]) {
    const [diagnostic] = check(sizeBetween(1, 3), bad);
    assert.deepEqual(diagnostic.attribute, path);
    assert.match(diagnostic.detail!, /delivery\.retry_intervals_minutes must have between 1 and 3 elements, got: \d/);
  }
});

test('distinctElements points at the first repeated element', () => {
  assert.deepEqual(check(distinctElements(), ['a.example', 'b.example']), []);
  const [diagnostic, ...rest] = check(distinctElements(), ['a.example', 'b.example', 'a.example']);
  assert.equal(rest.length, 0);
  assert.deepEqual(diagnostic.attribute, [...path, { index: 2 }]);
  assert.match(diagnostic.detail!, /"a\.example" twice/);
});

test('greaterThan excludes the bound and accepts fractions and big numbers', () => {
  for (const ok of [0.05, 1, new BigNumber('1e400')]) assert.deepEqual(check(greaterThan(0), ok), []);
  for (const bad of [0, -1, true]) {
    const [diagnostic] = check(greaterThan(0), bad);
    assert.deepEqual(diagnostic.attribute, path);
    assert.match(diagnostic.detail!, /must be a number greater than 0/);
  }
});
