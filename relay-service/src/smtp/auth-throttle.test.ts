// Tests for AuthThrottle: growing delays, lock-out per IP and per account, release after lockMs, bounded memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthThrottle, defaultAuthThrottle, type AuthLockout } from './auth-throttle.ts';

const options = { ...defaultAuthThrottle, maxFailures: 3, maxAccountFailures: 4, windowMs: 1000, lockMs: 5000, delayMs: 100 };

test('delays grow per failure, the client IP is locked at the limit and released later', () => {
  const lockouts: AuthLockout[] = [];
  const throttle = new AuthThrottle(options, (l) => lockouts.push(l));
  const from = (ip: string) => ({ ip, account: 'corp\\alice' });
  assert.equal(throttle.recordFailure(from('10.0.0.1'), 0), 100);
  assert.equal(throttle.recordFailure(from('10.0.0.1'), 10), 200);
  assert.equal(throttle.locked(from('10.0.0.1'), 20), null);
  assert.equal(throttle.recordFailure(from('10.0.0.1'), 20), 300);
  assert.equal(throttle.locked(from('10.0.0.1'), 30), 'ip');
  assert.equal(throttle.locked(from('10.0.0.2'), 30), null);
  assert.equal(throttle.locked(from('10.0.0.1'), 5021), null);
  assert.deepEqual(lockouts.map((l) => [l.scope, l.key, l.failures]), [['ip', '10.0.0.1', 3]]);
});

test('failures against one account from many IPs lock the account for every IP', () => {
  const lockouts: AuthLockout[] = [];
  const throttle = new AuthThrottle(options, (l) => lockouts.push(l));
  for (let i = 1; i <= 4; i++) throttle.recordFailure({ ip: `10.0.1.${i}`, account: 'corp\\bob' }, i);
  assert.equal(throttle.locked({ ip: '10.0.9.9', account: 'corp\\bob' }, 10), 'account');
  assert.equal(throttle.locked({ ip: '10.0.9.9', account: 'corp\\alice' }, 10), null);
  assert.deepEqual(lockouts.map((l) => [l.scope, l.key]), [['account', 'corp\\bob']]);
});

test('failures outside the window do not count', () => {
  const throttle = new AuthThrottle({ ...options, maxFailures: 2, delayMs: 1 });
  throttle.recordFailure({ ip: '10.0.0.1', account: 'a' }, 0);
  throttle.recordFailure({ ip: '10.0.0.1', account: 'a' }, 2000);
  assert.equal(throttle.locked({ ip: '10.0.0.1', account: 'a' }, 2001), null);
});

test('a spray of user names does not grow the table past maxEntries', () => {
  const throttle = new AuthThrottle({ ...options, maxEntries: 100 });
  for (let i = 0; i < 10_000; i++) throttle.recordFailure({ ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, account: `user${i}` }, i % 500);
  assert.ok((throttle as unknown as { entries: Map<string, unknown> }).entries.size <= 100);
});
