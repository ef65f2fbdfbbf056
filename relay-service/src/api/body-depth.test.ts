// Tests for nestsDeeperThan: the limit, arrays and objects alike, and a nesting that would overflow a recursive walk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from './body-depth.ts';

test('counts object and array levels against the limit', () => {
  assert.equal(nestsDeeperThan({ a: { b: [1] } }, 3), false);
  assert.equal(nestsDeeperThan({ a: { b: [[1]] } }, 3), true);
  assert.equal(nestsDeeperThan('scalar', 0), false);
});

test('a hundred thousand levels are measured without overflowing the stack', () => {
  assert.equal(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)), true);
});
