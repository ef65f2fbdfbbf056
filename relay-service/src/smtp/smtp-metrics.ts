// Prometheus counters of the SMTP listeners, registered once per registry.
import { Counter, register, type Registry } from 'prom-client';

export interface SmtpMetrics {
  connections: Counter;
  accepted: Counter;
  rejected: Counter<'reason'>;
}

/** The relay's SMTP counters in `registry` (the default one unless given), created on first use. */
export function smtpMetrics(registry: Registry = register): SmtpMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    connections: counter('smtp_connections_total', 'SMTP connections accepted by the listeners (before connection control).'),
    accepted: counter('smtp_messages_accepted_total', 'Messages accepted with 250 and stored durably.'),
    rejected: counter('smtp_rejected_total', 'SMTP commands or sessions refused, by reason.', ['reason']),
  };
}
