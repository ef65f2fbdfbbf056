// The IPC messages between the relay's primary process and its data-plane workers (cluster mode).
import type { ProcessListenerStates } from '../smtp/listener-state.ts';

/** What a data-plane worker needs to start: passed from the primary in the SMTP_RELAY_WORKER_SETTINGS environment variable. */
export interface WorkerSettings {
  dataDir: string;
  /** Lease owner of this worker: unique among the processes sharing the queue, stable across restarts of the same slot. */
  nodeId: string;
  logLevel: string;
  databaseUrl?: string;
  dnsServers?: string[];
  smtpBindAddress?: string;
  queueLeaseMs?: number;
  statsIntervalMs?: number;
  rateWindowMs?: number;
}

/** Environment variable that carries a worker's settings (JSON); set only in the workers' environment. */
export const workerSettingsVariable = 'SMTP_RELAY_WORKER_SETTINGS';

/** Primary -> worker. */
export type ToWorker =
  | { type: 'relay:config-changed' }
  | { type: 'relay:stop' }
  | { type: 'relay:metrics-request'; id: number }
  | { type: 'relay:listener-states-request'; id: number }
  | { type: 'relay:connection-opened'; id: number; allowed: boolean };

/**
 * Worker -> primary. `metrics` is prom-client's getMetricsAsJSON() of the worker's registry; `states` the worker's listener
 * states. `connection-open` asks the primary to count a connection against max_connections_per_ip over all workers
 * (answered by `connection-opened`); `connection-close` ends one it counted.
 */
export type FromWorker =
  | { type: 'relay:ready' }
  | { type: 'relay:connection-open'; id: number; key: string; limit: number }
  | { type: 'relay:connection-close'; key: string }
  | { type: 'relay:metrics'; id: number; metrics: unknown[] }
  | { type: 'relay:listener-states'; id: number; states: ProcessListenerStates | null };

/** True for a message of this protocol with the given type (other modules, e.g. the cluster module itself, use the channel too). */
export function isMessage<T extends { type: string }, K extends T['type']>(message: unknown, type: K): message is Extract<T, { type: K }> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
