// ConnectionCounts: the limit per key over every owner, closes, and a dead owner's connections forgotten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionCounts } from './connection-counts.ts';

test('counts up to the limit over owners; a close makes room; forgetting an owner drops only its connections', () => {
  const counts = new ConnectionCounts();
  assert.equal(counts.open('vs 192.0.2.1', 3, 'w0'), true);
  assert.equal(counts.open('vs 192.0.2.1', 3, 'w1'), true);
  assert.equal(counts.open('vs 192.0.2.1', 3, 'w1'), true);
  assert.equal(counts.open('vs 192.0.2.1', 3, 'w0'), false, 'the fourth over both owners is refused');
  assert.equal(counts.open('vs 192.0.2.2', 3, 'w0'), true, 'another IP has its own count');
  counts.close('vs 192.0.2.1', 'w0');
  assert.equal(counts.count('vs 192.0.2.1'), 2);
  counts.close('vs 192.0.2.1', 'w0');
  assert.equal(counts.count('vs 192.0.2.1'), 2, 'a close the owner never opened changes nothing');
  counts.forget('w1');
  assert.equal(counts.count('vs 192.0.2.1'), 0);
  assert.equal(counts.count('vs 192.0.2.2'), 1);
});
