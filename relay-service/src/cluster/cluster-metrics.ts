// /metrics in cluster mode: the primary's own metrics and every worker's, aggregated into one Prometheus text.
import type { Worker } from 'node:cluster';
import { AggregatorRegistry, register, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { askWorker } from './ask-worker.ts';

type MetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;

/**
 * The Prometheus text of the whole relay: the primary's registry (API, process) and each worker's
 * (SMTP, delivery, process) merged by prom-client's aggregators. Counters and CPU seconds are summed
 * over the processes; smtp_queue_messages, which every process reads from the one shared queue, takes
 * the maximum; a few per-process gauges (e.g. nodejs_eventloop_lag_seconds) become averages or sums as
 * prom-client defines them.
 */
export async function clusterMetrics(workers: Worker[]): Promise<string> {
  const own = await register.getMetricsAsJSON();
  const theirs = await Promise.all(workers.filter((w) => w.isConnected())
    .map((worker) => askWorker(worker, 'relay:metrics-request', 'relay:metrics', (answer) => answer.metrics as MetricsJson, [])));
  return AggregatorRegistry.aggregate([own, ...theirs]).metrics();
}
