// Tests for AuthThrottle: growing delays, lock-out after the limit, release after lockMs, per-IP isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthThrottle } from './auth-throttle.ts';

test('delays grow per failure, the client is locked at the limit and released later', () => {
  const throttle = new AuthThrottle({ maxFailures: 3, windowMs: 1000, lockMs: 5000, delayMs: 100 });
  assert.equal(throttle.recordFailure('10.0.0.1', 0), 100);
  assert.equal(throttle.recordFailure('10.0.0.1', 10), 200);
  assert.equal(throttle.isLocked('10.0.0.1', 20), false);
  assert.equal(throttle.recordFailure('10.0.0.1', 20), 300);
  assert.equal(throttle.isLocked('10.0.0.1', 30), true);
  assert.equal(throttle.isLocked('10.0.0.2', 30), false);
  assert.equal(throttle.isLocked('10.0.0.1', 5021), false);
});

test('failures outside the window do not count', () => {
  const throttle = new AuthThrottle({ maxFailures: 2, windowMs: 1000, lockMs: 5000, delayMs: 1 });
  throttle.recordFailure('10.0.0.1', 0);
  throttle.recordFailure('10.0.0.1', 2000);
  assert.equal(throttle.isLocked('10.0.0.1', 2001), false);
});
