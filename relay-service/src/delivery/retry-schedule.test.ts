// The retry schedule: intervals by attempt, the last repeating, fractions of minutes, clipped at expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delayNoticeAt, delayNoticeDue, expiresAt, nextAttemptAt } from './retry-schedule.ts';

const schedule = { retry_intervals_minutes: [0.05, 30, 60], expiration_hours: 2, delay_notification_hours: 1 };
const received = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(received.getTime() + ms);

test('the n-th failed attempt waits the n-th interval; the last interval repeats; fractions are honoured', () => {
  assert.equal(nextAttemptAt(schedule, received, 1, received).getTime() - received.getTime(), 3_000);
  assert.equal(nextAttemptAt(schedule, received, 2, at(3_000)).getTime() - at(3_000).getTime(), 30 * 60_000);
  assert.equal(nextAttemptAt(schedule, received, 3, at(0)).getTime() - at(0).getTime(), 60 * 60_000);
  assert.equal(nextAttemptAt(schedule, received, 9, at(0)).getTime() - at(0).getTime(), 60 * 60_000);
});

test('no attempt is scheduled after expiry: the last one happens at expiry time', () => {
  assert.equal(expiresAt(schedule, received).getTime(), at(2 * 3_600_000).getTime());
  assert.equal(nextAttemptAt(schedule, received, 3, at(90 * 60_000)).getTime(), at(2 * 3_600_000).getTime());
});

test('a delay notice is due once, after delay_notification_hours, and never when it is null', () => {
  assert.equal(delayNoticeDue(schedule, received, false, at(59 * 60_000)), false);
  assert.equal(delayNoticeDue(schedule, received, false, at(60 * 60_000)), true);
  assert.equal(delayNoticeDue(schedule, received, true, at(90 * 60_000)), false);
  assert.equal(delayNoticeDue({ ...schedule, delay_notification_hours: null }, received, false, at(10 * 3_600_000)), false);
  assert.equal(delayNoticeAt(schedule, received)?.getTime(), at(3_600_000).getTime());
  assert.equal(delayNoticeAt({ ...schedule, delay_notification_hours: null }, received), null);
});
