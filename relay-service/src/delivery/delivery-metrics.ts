// Prometheus metrics of the outbound side, on prom-client's default registry (served at /metrics).
import { Counter, Gauge, register } from 'prom-client';
import type { QueueStore } from '../store/queue-store.ts';
import type { TrafficTally } from '../stats/traffic-tally.ts';

function counter(name: string, help: string): Counter<'virtual_server_id'> {
  const existing = register.getSingleMetric(name);
  return (existing as Counter<'virtual_server_id'> | undefined) ?? new Counter({ name, help, labelNames: ['virtual_server_id'] });
}

/** Recipients delivered (2xx from the next hop). */
export const deliveredTotal = counter('smtp_delivered_total', 'Recipients delivered to the next hop.');
/** Recipients deferred by an attempt (4xx, connection error, timeout). */
export const deferredTotal = counter('smtp_deferred_total', 'Recipient delivery attempts deferred for a later retry.');
/** Recipients failed for good (5xx, expiry); each is reported in an NDR unless the sender is null. */
export const bouncedTotal = counter('smtp_bounced_total', 'Recipients that failed permanently.');

/**
 * Counts one attempt's recipients by outcome, once for both places that show them: the Prometheus counters above and
 * the per-minute statistics (`tally`, the data plane's; absent where no statistics are kept, e.g. a test harness).
 */
export function countAttemptOutcomes(tally: TrafficTally | undefined, virtualServerId: string, counts: { delivered: number; deferred: number; bounced: number }): void {
  const labels = { virtual_server_id: virtualServerId };
  deliveredTotal.inc(labels, counts.delivered);
  deferredTotal.inc(labels, counts.deferred);
  bouncedTotal.inc(labels, counts.bounced);
  tally?.add(virtualServerId, counts);
}

/** Messages moved to the dead-letter store, by reason class (null_sender_failed, null_sender_expired, unreadable). */
export const deadLetteredTotal: Counter<'reason_class'> = (register.getSingleMetric('smtp_dead_lettered_total') as Counter<'reason_class'> | undefined) ??
  new Counter({ name: 'smtp_dead_lettered_total', help: 'Messages that could be neither delivered nor returned, kept in the dead-letter store.', labelNames: ['reason_class'] });

/** Outbound sessions by TLS policy and outcome (TLS-RPT style, RFC 8460): verified, encrypted, plaintext, or the failure. */
export const outboundTlsTotal: Counter<'policy' | 'result'> = (register.getSingleMetric('smtp_outbound_tls_total') as Counter<'policy' | 'result'> | undefined) ??
  new Counter({ name: 'smtp_outbound_tls_total', help: 'Outbound SMTP sessions by TLS policy and result.', labelNames: ['policy', 'result'] });

const trackedQueues = new Set<QueueStore>();

if (!register.getSingleMetric('smtp_queue_messages')) {
  new Gauge({
    name: 'smtp_queue_messages',
    help: 'Messages in the queue by state (fresh = never tried, deferred = waiting for a retry).',
    labelNames: ['state'],
    // Every process of a cluster counts the same shared queue: merged, the value is taken once, not summed.
    aggregator: 'max',
    async collect() {
      let fresh = 0;
      let deferred = 0;
      for (const queue of trackedQueues) {
        const counts = await queue.count();
        fresh += counts.fresh;
        deferred += counts.deferred;
      }
      this.set({ state: 'fresh' }, fresh);
      this.set({ state: 'deferred' }, deferred);
    },
  });
}

/** Reports `queue` in smtp_queue_messages until the returned function is called. */
export function trackQueue(queue: QueueStore): () => void {
  trackedQueues.add(queue);
  return () => trackedQueues.delete(queue);
}
