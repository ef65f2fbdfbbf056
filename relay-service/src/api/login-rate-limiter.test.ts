// Tests for LoginRateLimiter: the per-IP limit, the per-account limit across IPs, and the end of the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginRateLimiter } from './login-rate-limiter.ts';

test('an address is limited after maxFailures, until the window ends', () => {
  const limiter = new LoginRateLimiter(3, 10_000, 100);
  for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1', null, 0);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', null, 1000), 9);
  assert.equal(limiter.retryAfterSeconds('10.0.0.2', null, 1000), null);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', null, 10_000), null);
});

test('an account guessed from many addresses is limited for every address', () => {
  const limiter = new LoginRateLimiter(100, 60_000, 5);
  for (let i = 0; i < 5; i++) limiter.recordFailure(`10.0.1.${i}`, 'corp\\alice', 0);
  assert.equal(limiter.retryAfterSeconds('10.0.9.9', 'corp\\alice', 1), 60);
  assert.equal(limiter.retryAfterSeconds('10.0.9.9', 'corp\\bob', 1), null);
  assert.equal(limiter.retryAfterSeconds('10.0.9.9', null, 1), null, 'bearer tokens name no account');
});
