// A list's delta names its predecessor and what came and went; deltas nobody took merge, so one predecessor is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordListDelta, takeListDelta } from './list-delta.ts';

test('a delta nobody took joins the next one: what came and went in between cancels out', () => {
  const [a, b, c, d] = [{ n: 'a' }, { n: 'b' }, { n: 'c' }, { n: 'd' }];
  const first = [a, b];
  const second = [a, c];
  recordListDelta(second, first, [c], [b]);
  const third = [a, d];
  recordListDelta(third, second, [d], [c]);
  assert.equal(takeListDelta(second), undefined, 'merged into the next list\'s');
  assert.deepEqual(takeListDelta(third), { from: first, added: [d], removed: [b] });
  assert.equal(takeListDelta(third), undefined, 'taken once');
  const fourth = [d];
  recordListDelta(fourth, third, [], [a]);
  assert.deepEqual(takeListDelta(fourth), { from: third, added: [], removed: [a] }, 'after a take, the next delta starts from the taken list');
});

test('a delta of more than a few hundred items is not kept (a rebuild is as cheap)', () => {
  const from = [{}];
  const many = Array.from({ length: 300 }, () => ({}));
  const list = [...from, ...many];
  recordListDelta(list, from, many, []);
  assert.equal(takeListDelta(list), undefined);
});
