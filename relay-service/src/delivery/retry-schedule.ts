// When a deferred message is tried next, and when it has waited long enough to be given up (IIS "expiration timeout").
import type { VirtualServer } from '@relayform/schema/model.ts';

const minuteMs = 60_000;
const hourMs = 3_600_000;

export type DeliverySchedule = Pick<VirtualServer['delivery'], 'retry_intervals_minutes' | 'expiration_hours' | 'delay_notification_hours'>;

/**
 * The time of the next attempt after `attemptsSoFar` failed attempts (1 = the first attempt just failed):
 * the matching entry of retry_intervals_minutes, the last one repeating; never later than the expiry time,
 * so the final attempt happens when the message expires rather than after it.
 */
export function nextAttemptAt(schedule: DeliverySchedule, receivedAt: Date, attemptsSoFar: number, now: Date): Date {
  const intervals = schedule.retry_intervals_minutes;
  const minutes = intervals[Math.min(Math.max(attemptsSoFar, 1), intervals.length) - 1];
  const next = now.getTime() + minutes * minuteMs;
  return new Date(Math.min(next, expiresAt(schedule, receivedAt).getTime()));
}

/** The moment after which a message still undelivered fails permanently (received_at + expiration_hours). */
export function expiresAt(schedule: DeliverySchedule, receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + schedule.expiration_hours * hourMs);
}

/** When a still-undelivered message earns its delay notification; null when notifications are off. */
export function delayNoticeAt(schedule: DeliverySchedule, receivedAt: Date): Date | null {
  const hours = schedule.delay_notification_hours;
  return hours === null ? null : new Date(receivedAt.getTime() + hours * hourMs);
}

/** True when a delay notification is due: configured, not yet sent, and the message has waited that long. */
export function delayNoticeDue(schedule: DeliverySchedule, receivedAt: Date, alreadyNotified: boolean, now: Date): boolean {
  const at = delayNoticeAt(schedule, receivedAt);
  return at !== null && !alreadyNotified && now.getTime() >= at.getTime();
}
