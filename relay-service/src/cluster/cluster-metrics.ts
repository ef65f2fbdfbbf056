// /metrics in cluster mode: the primary's own metrics and every worker's, aggregated into one Prometheus text.
import type { Worker } from 'node:cluster';
import { AggregatorRegistry, register, type MetricObjectWithValues, type MetricValue } from 'prom-client';

type MetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;
import { isMessage, type FromWorker, type ToWorker } from './worker-messages.ts';

/** How long a worker may take to answer; a worker that does not is left out of that scrape. */
const answerTimeoutMs = 2000;
let nextRequest = 0;

function askWorker(worker: Worker): Promise<MetricsJson> {
  const id = nextRequest++;
  return new Promise((resolve) => {
    const done = (metrics: MetricsJson) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(metrics);
    };
    const onMessage = (message: unknown) => {
      if (isMessage<FromWorker, 'relay:metrics'>(message, 'relay:metrics') && message.id === id) done(message.metrics as MetricsJson);
    };
    const timer = setTimeout(() => done([]), answerTimeoutMs);
    worker.on('message', onMessage);
    try {
      worker.send({ type: 'relay:metrics-request', id } satisfies ToWorker);
    } catch {
      done([]);
    }
  });
}

/**
 * The Prometheus text of the whole relay: the primary's registry (API, process) and each worker's
 * (SMTP, delivery, process) merged by prom-client's aggregators. Counters and CPU seconds are summed
 * over the processes; smtp_queue_messages, which every process reads from the one shared queue, takes
 * the maximum; a few per-process gauges (e.g. nodejs_eventloop_lag_seconds) become averages or sums as
 * prom-client defines them.
 */
export async function clusterMetrics(workers: Worker[]): Promise<string> {
  const own = await register.getMetricsAsJSON();
  const theirs = await Promise.all(workers.filter((w) => w.isConnected()).map(askWorker));
  return AggregatorRegistry.aggregate([own, ...theirs]).metrics();
}
