// JSON Merge Patch against the examples of RFC 7396 appendix A.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePatch } from './merge-patch.ts';

test('RFC 7396 appendix A examples', () => {
  const examples: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of examples) assert.deepEqual(mergePatch(target, patch), result, JSON.stringify([target, patch]));
});

test('does not mutate its inputs', () => {
  const target = { a: { b: 1 } };
  mergePatch(target, { a: { b: 2 } });
  assert.deepEqual(target, { a: { b: 1 } });
});

test('__proto__ in a patch is an own member, not a prototype', () => {
  const merged = mergePatch({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(merged), ['a', '__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.equal((merged as { polluted?: unknown }).polluted, undefined);
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
});
