// Prometheus metrics of the SMTP listeners, registered once per registry.
import { Counter, Gauge, register, type Registry } from 'prom-client';
import type { TrafficTally } from '../stats/traffic-tally.ts';

export interface SmtpMetrics {
  connections: Counter;
  accepted: Counter;
  rejected: Counter<'reason'>;
  /** 1 while the virtual server's listener accepts connections, 0 while it is starting or failed (cluster: the minimum over the workers). */
  listenerUp: Gauge<'virtual_server'>;
  bindFailures: Counter<'virtual_server' | 'code'>;
  /** Commands refused by a rate limit or connections by max_connections_per_ip, by virtual server and limit (`messages_per_client_ip`, ...). */
  rateLimited: Counter<'virtual_server' | 'dimension'>;
}

/** The relay's SMTP metrics in `registry` (the default one unless given), created on first use. */
export function smtpMetrics(registry: Registry = register): SmtpMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    connections: counter('smtp_connections_total', 'SMTP connections accepted by the listeners (before connection control).'),
    accepted: counter('smtp_messages_accepted_total', 'Messages accepted with 250 and stored durably.'),
    rejected: counter('smtp_rejected_total', 'SMTP commands or sessions refused, by reason.', ['reason']),
    listenerUp: (registry.getSingleMetric('smtp_listener_up') as Gauge<'virtual_server'> | undefined) ?? new Gauge({
      name: 'smtp_listener_up', help: 'Whether the virtual server\'s enabled listener accepts connections (1) or is starting or failed (0).',
      labelNames: ['virtual_server'], aggregator: 'min', registers: [registry],
    }),
    rateLimited: counter('smtp_rate_limited_total', 'SMTP commands (MAIL FROM, RCPT TO) refused by a rate limit and connections refused by ' +
      'max_connections_per_ip, by virtual server and limit.', ['virtual_server', 'dimension']),
    bindFailures: counter('smtp_listener_start_failures_total', 'Listener starts that failed (bind error or certificate), by virtual server and error code.', ['virtual_server', 'code']),
  };
}

/**
 * Counts one refusal by a rate limit or max_connections_per_ip once for both places that show it: smtp_rate_limited_total
 * and the per-minute statistics (`traffic`, the data plane's; absent where none are kept).
 */
export function countRateLimited(metrics: SmtpMetrics, traffic: TrafficTally | undefined, virtualServerId: string, dimension: string): void {
  metrics.rateLimited.inc({ virtual_server: virtualServerId, dimension });
  traffic?.add(virtualServerId, { rate_limited: 1 });
}
