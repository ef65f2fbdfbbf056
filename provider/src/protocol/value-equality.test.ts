// Tests deep equality of Terraform values and its canonical text: sets in any order, numbers by value, missing = null, unknowns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Types } from './tf-type.ts';
import { BigNumber, UNKNOWN, type TfValue } from './value.ts';
import { canonicalValue, valuesEqual } from './value-equality.ts';

const rule = Types.object({ cidr: Types.string, description: Types.string, weight: Types.number, tags: Types.set(Types.string) });
const rules = Types.set(rule);

test('sets are equal in any order, element for element (duplicates counted), lists only in order', () => {
  const a = { cidr: '10.0.0.0/8', description: 'a', weight: 1, tags: ['x', 'y'] };
  const b = { cidr: '192.0.2.0/24', description: '', weight: new BigNumber('2'), tags: [] };
  assert.equal(valuesEqual([a, b], [b, a], rules), true);
  assert.equal(valuesEqual([a, b], [{ ...b, weight: 2 }, { ...a, tags: ['y', 'x'] }], rules), true, 'numbers by value, nested sets in any order');
  assert.equal(valuesEqual([a, b], [a, { ...b, description: 'other' }], rules), false);
  assert.equal(valuesEqual([a, a], [a, b], rules), false, 'a multiset: each element once');
  assert.equal(valuesEqual([a, b], [b, a], Types.list(rule)), false, 'a list keeps its order');
  assert.equal(valuesEqual(['x', 'y'], ['y', 'x'], Types.set(Types.string)), true);
});

test('a missing object member counts as null; an unknown equals only an unknown', () => {
  assert.equal(valuesEqual([{ cidr: 'c', description: null }], [{ cidr: 'c' }], rules), true);
  assert.equal(valuesEqual([{ cidr: UNKNOWN }], [{ cidr: UNKNOWN }], rules), true);
  assert.equal(valuesEqual([{ cidr: UNKNOWN }], [{ cidr: 'c' }], rules), false);
  assert.equal(valuesEqual([{ cidr: 'null' }], [{ cidr: null }], rules), false, 'the string "null" is not null');
  assert.equal(valuesEqual([{ cidr: '1' }], [{ weight: 1 }], rules), false);
});

test('the canonical text is equal exactly when valuesEqual says equal', () => {
  const values: TfValue[] = [
    { cidr: 'a' }, { cidr: 'a', description: null }, { cidr: 'b' }, { weight: 1 }, { weight: new BigNumber('1') }, { weight: 1.5 },
    { tags: ['x', 'y'] }, { tags: ['y', 'x'] }, { tags: ['x'] }, { cidr: UNKNOWN }, { cidr: '?' }, {},
  ];
  for (const left of values) for (const right of values) {
    assert.equal(canonicalValue(left, rule) === canonicalValue(right, rule), valuesEqual(left, right, rule), `${JSON.stringify(left)} vs ${JSON.stringify(right)}`);
  }
});

test('sets of 20,000 elements compare without a search per element', () => {
  const many = Array.from({ length: 20_000 }, (_, i) => ({ cidr: `10.${i >> 8}.${i & 255}.0/24`, description: '', weight: i, tags: [] }));
  const started = performance.now();
  assert.equal(valuesEqual(many, [...many].reverse(), rules), true);
  // A search per element is 2 * 10^8 comparisons (minutes); sorted texts take well under a second even on a loaded machine.
  assert.ok(performance.now() - started < 10_000, `${Math.round(performance.now() - started)} ms`);
});
