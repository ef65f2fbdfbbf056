// One delivery attempt of one queued message: route, send, judge each recipient, report, record.
import { hostname } from 'node:os';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import type { ConfigSnapshot, VirtualServerConfig } from '../config/config-reader.ts';
import { MessageDataMissing, type QueuedMessage, type QueuedRecipient, type QueueStore } from '../store/queue-store.ts';
import { deadLetterMessage } from './dead-letter.ts';
import type { TrafficTally } from '../stats/traffic-tally.ts';
import { countAttemptOutcomes } from './delivery-metrics.ts';
import { sendDelayReport, sendFailureReport } from './non-delivery-report.ts';
import type { RecipientOutcome } from './recipient-outcome.ts';
import { delayNoticeAt, delayNoticeDue, expiresAt, nextAttemptAt } from './retry-schedule.ts';
import { groupByRoute } from './route.ts';
import { dropLocally } from './local-drop.ts';
import { masqueradedSender } from './masquerade.ts';
import { messageContent } from './mail-parameters.ts';
import { deliverAlongRoute, type RouteDeliveryDeps } from './route-delivery.ts';
import { traceDelivered, traceMessage } from '../step-trace.ts';

export interface DeliverMessageDeps extends RouteDeliveryDeps {
  queue: QueueStore;
  /** The configuration as of now (cached between change events). */
  snapshot: () => Promise<ConfigSnapshot>;
  now: () => Date;
  /** Where the per-minute statistics are counted (the data plane's tally); none: not counted there. */
  traffic?: TrafficTally;
}

/**
 * Mail whose virtual server was deleted after accepting it is still delivered (by MX, with the API's defaults) or
 * bounced, never dropped; nobody waits for a delay notice from a server that no longer exists.
 */
function orphanConfig(virtualServerId: string): VirtualServerConfig {
  const server = applyDefaults(virtualServerSchema, {
    id: virtualServerId, name: virtualServerId, port: 25, fqdn: hostname(), drop_directory: '/nonexistent', delivery: { delay_notification_hours: null },
  }) as unknown as VirtualServer;
  return { server, connectionRules: [], relayRules: [], remoteDomains: [] };
}

/**
 * A deferred recipient whose message expired. A security cause (X.7.x: TLS level mismatch, missing credentials) is
 * reported as its permanent 5.7.x, so the report says what to fix; anything else as 4.4.7 (delivery time expired).
 */
function expired(o: RecipientOutcome, hours: number): RecipientOutcome {
  const status = o.status.startsWith('4.7.') ? `5${o.status.slice(1)}` : '4.4.7';
  return { ...o, result: 'failed', status, detail: `message expired after ${hours} hours in the queue; last error: ${o.detail}` };
}

/**
 * Tries every pending recipient of `message` once and records the outcome with QueueStore.recordAttempt
 * (which releases the lease); `inMemory` is its data when the caller has it, else it is read from the queue.
 * Reports are enqueued before the attempt is recorded, so a crash in between can repeat a report but never
 * lose one. Returns the next attempt time when recipients are still pending.
 */
export async function deliverMessage(deps: DeliverMessageDeps, message: QueuedMessage, inMemory?: Buffer): Promise<Date | null> {
  traceMessage(message.id, 'delivery_started');
  const snapshot = await deps.snapshot();
  const vs = snapshot.virtualServers.find((v) => v.server.id === message.virtual_server_id) ?? orphanConfig(message.virtual_server_id);
  if (message.unreadable !== undefined) {
    await deadLetterMessage({ queue: deps.queue, logger: deps.logger, message, server: vs.server, now: deps.now() }, {
      recipients: message.recipients, reason: `unreadable queue entry: ${message.unreadable}`, reason_class: 'unreadable',
    });
    return null;
  }
  const data = inMemory ?? await readOrDeadLetter(deps, message, vs.server);
  if (data === null) return null;
  const pending = message.recipients.filter((r) => r.status === 'pending').map((r) => r.address);
  // Masquerading changes only what the next hop sees; local drops, reports and the queue keep the sender as received.
  const sender = masqueradedSender(message.sender, vs.server.delivery.masquerade_domain);
  const outgoing = { id: message.id, sender, data, ehloName: vs.server.fqdn, content: messageContent(message, data), retry: message.attempts > 0 };
  const groups = groupByRoute(pending, vs);
  const verdicts = (await Promise.all(groups.map((g) => (g.route.local
    ? dropLocally(vs.server, message.sender, g.recipients, data)
    : deliverAlongRoute(deps, g.route, g.recipients, outgoing))))).flat();

  const now = deps.now();
  const schedule = vs.server.delivery;
  const isExpired = now.getTime() >= expiresAt(schedule, message.received_at).getTime();
  const outcomes = verdicts.map((o) => (o.result === 'deferred' && isExpired ? expired(o, schedule.expiration_hours) : o));
  const byAddress = new Map(outcomes.map((o) => [o.address, o]));
  const recipients: QueuedRecipient[] = message.recipients.map((r) => {
    const o = byAddress.get(r.address);
    if (!o) return r;
    return { address: r.address, status: o.result === 'deferred' ? 'pending' : o.result, last_error: o.result === 'delivered' ? null : o.detail };
  });

  const failed = outcomes.filter((o) => o.result === 'failed');
  const deferred = outcomes.filter((o) => o.result === 'deferred');
  const report = { queue: deps.queue, message, original: data, server: vs.server, now };
  const ndrId = await sendFailureReport(report, failed);
  let delayNotified = message.delay_notified;
  if (deferred.length > 0 && delayNoticeDue(schedule, message.received_at, delayNotified, now)) {
    await sendDelayReport(report, deferred, expiresAt(schedule, message.received_at));
    delayNotified = true;
  }
  // A pending delay notice pulls the next attempt forward, so the notice is not late by a whole retry interval.
  const noticeAt = delayNotified ? null : delayNoticeAt(schedule, message.received_at);
  const scheduled = nextAttemptAt(schedule, message.received_at, message.attempts + 1, now);
  const next = deferred.length === 0 ? now
    : noticeAt && noticeAt > now && noticeAt < scheduled ? noticeAt : scheduled;
  const problem = [...failed, ...deferred][0];
  const lastError = problem ? `${problem.address}: ${problem.detail}` : null;
  const finished = deferred.length === 0;
  const firstFailure = recipients.find((r) => r.status === 'failed');
  // Nobody to return a failure to (the null sender): kept as a dead letter instead of dropped. A notice about a dead
  // letter is the exception: it is dropped with the log line below, or a failing notice would beget notices.
  const unreturnable = finished && message.sender === '' && firstFailure !== undefined;
  if (unreturnable && !message.dead_letter_notice) {
    await deadLetterMessage({ queue: deps.queue, logger: deps.logger, message, server: vs.server, now }, {
      recipients, reason: lastError ?? `${firstFailure.address}: ${firstFailure.last_error ?? 'failed'}`,
      reason_class: isExpired && verdicts.some((o) => o.result === 'deferred') ? 'null_sender_expired' : 'null_sender_failed',
    });
  } else {
    await deps.queue.recordAttempt(message.id, { recipients, next_attempt_at: next, last_error: lastError, delay_notified: delayNotified });
  }
  traceDelivered(message.id);

  countAttemptOutcomes(deps.traffic, message.virtual_server_id, {
    delivered: outcomes.filter((o) => o.result === 'delivered').length, deferred: deferred.length, bounced: failed.length,
  });
  deps.logger.info({
    queue_id: message.id, virtual_server_id: message.virtual_server_id, attempt: message.attempts + 1,
    delivered: outcomes.length - failed.length - deferred.length, deferred: deferred.length, failed: failed.length,
    ndr_id: ndrId, next_attempt_at: deferred.length > 0 ? next.toISOString() : null,
    ...(unreturnable ? { dead_letter: !message.dead_letter_notice } : {}),
  }, unreturnable && message.dead_letter_notice ? 'dead-letter notice undeliverable, dropped' : 'message attempt recorded');
  return deferred.length > 0 ? next : null;
}

/**
 * The message's data from the queue. An entry without data (damaged: envelope and data are written in one
 * transaction) can never be delivered: it is dead-lettered, with empty data, and null returned. Any other error
 * (the store unavailable) is thrown, so the attempt is retried.
 */
async function readOrDeadLetter(deps: DeliverMessageDeps, message: QueuedMessage, server: VirtualServer): Promise<Buffer | null> {
  try {
    return await deps.queue.readData(message.id);
  } catch (error) {
    if (!(error instanceof MessageDataMissing)) throw error;
    await deadLetterMessage({ queue: deps.queue, logger: deps.logger, message, server, now: deps.now() }, {
      recipients: message.recipients, reason: 'unreadable queue entry: the message data is missing', reason_class: 'unreadable',
    });
    return null;
  }
}
