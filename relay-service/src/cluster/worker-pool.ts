// The primary side of cluster mode: forks the data-plane workers, keeps them running, tells them about config changes, stops them.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import { ConnectionCounts } from '../smtp/connection-counts.ts';
import type { ProcessListenerStates } from '../smtp/listener-state.ts';
import { askWorker } from './ask-worker.ts';
import { clusterMetrics } from './cluster-metrics.ts';
import { isMessage, workerSettingsVariable, type FromWorker, type ToWorker, type WorkerSettings } from './worker-messages.ts';

/** Pause before a worker that died is started again (a worker failing at once must not spin). */
const respawnDelayMs = 1000;
/** How long stop() waits for a worker to drain before it kills it. */
const stopTimeoutMs = 10_000;

export interface WorkerPool {
  /** Tells every worker that the configuration changed (call after each committed change). */
  configChanged(): void;
  /** Prometheus text of the primary and all workers (cluster-metrics.ts). */
  metrics(): Promise<string>;
  /** Each running worker's listener states (a worker that does not answer within 2 s, or has no data plane yet, is left out). */
  listenerStates(): Promise<ProcessListenerStates[]>;
  /** Asks every worker to stop (listeners closed, deliveries finished), kills those that take too long; no respawn from then on. */
  stop(): Promise<void>;
}

/**
 * The worker runs the same code as this process. Built (relay-service/dist/, scripts/build.mjs), this module is part of a
 * bundle beside `worker-main.js`, and the worker gets this process's Node flags (source maps on when they are on here:
 * bin/smtp-relay.mjs turns them on at run time). From the TypeScript sources (tests, `npm run dev`) it is
 * `worker-main.ts` beside this file, and the worker needs tsx too.
 */
function workerEntry(): { exec: string; execArgv: string[] } {
  const execArgv = [...process.execArgv, ...(process.sourceMapsEnabled && !process.execArgv.includes('--enable-source-maps') ? ['--enable-source-maps'] : [])];
  if (!import.meta.url.endsWith('.ts')) return { exec: fileURLToPath(new URL('./worker-main.js', import.meta.url)), execArgv };
  return {
    exec: fileURLToPath(new URL('./worker-main.ts', import.meta.url)),
    execArgv: execArgv.includes('tsx') ? execArgv : [...execArgv, '--import', import.meta.resolve('tsx')],
  };
}

/**
 * Forks `count` workers (worker-main.ts) with node:cluster; worker i leases queue messages as
 * `<nodeId>/<i>`, also after a respawn, so it releases its own previous claims at start. The workers
 * accept on the listening sockets directly (SCHED_NONE: the kernel hands each connection to a worker
 * waiting in accept, no hop through the primary). Resolves once every worker's listeners are bound;
 * rejects when a worker exits before that. A worker that dies later is started again after a second
 * (its counters in /metrics start from zero again, as after a restart of the whole relay). The pool counts the workers'
 * connections per client IP (max_connections_per_ip) for them; a worker that exits takes its connections with it.
 */
export async function startWorkerPool(options: { count: number; settings: WorkerSettings; logger: Logger }): Promise<WorkerPool> {
  const { count, settings, logger } = options;
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ ...workerEntry(), args: [] });
  const workers = new Map<number, Worker>();
  let stopping = false;
  /** Set once the first start of every slot succeeded: from then on a worker that exits is replaced, also when it dies while starting. */
  let running = false;
  const connections = new ConnectionCounts();

  const fork = (slot: number) => new Promise<void>((resolve, reject) => {
    const own: WorkerSettings = { ...settings, nodeId: `${settings.nodeId}/${slot}` };
    const worker = cluster.fork({ [workerSettingsVariable]: JSON.stringify(own) });
    workers.set(slot, worker);
    let ready = false;
    worker.on('message', (message: unknown) => {
      if (isMessage<FromWorker, 'relay:connection-open'>(message, 'relay:connection-open')) {
        return send(worker, { type: 'relay:connection-opened', id: message.id, allowed: connections.open(message.key, message.limit, String(slot)) });
      }
      if (isMessage<FromWorker, 'relay:connection-close'>(message, 'relay:connection-close')) return connections.close(message.key, String(slot));
      if (!isMessage<FromWorker, 'relay:ready'>(message, 'relay:ready')) return;
      ready = true;
      resolve();
    });
    worker.once('exit', (code, signal) => {
      connections.forget(String(slot));
      if (workers.get(slot) === worker) workers.delete(slot);
      if (!ready) reject(new Error(`data-plane worker ${slot} exited (${signal ?? code}) before it started`));
      if (stopping || !running) return;
      logger.error({ worker: own.nodeId, code, signal }, 'data-plane worker died; starting it again');
      setTimeout(() => {
        // A failed start is logged here; its exit handler schedules the next attempt.
        if (!stopping) fork(slot).catch((error: unknown) => logger.error({ err: error, worker: own.nodeId }, 'data-plane worker could not start'));
      }, respawnDelayMs).unref();
    });
  });

  const send = (worker: Worker, message: ToWorker) => {
    if (worker.isConnected()) worker.send(message);
  };
  const stop = async () => {
    stopping = true;
    await Promise.all([...workers.values()].map((worker) => new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), stopTimeoutMs);
      worker.once('exit', () => { clearTimeout(timer); resolve(); });
      send(worker, { type: 'relay:stop' });
    })));
  };

  try {
    await Promise.all(Array.from({ length: count }, (_, slot) => fork(slot)));
    running = true;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    configChanged: () => { for (const worker of workers.values()) send(worker, { type: 'relay:config-changed' }); },
    metrics: () => clusterMetrics([...workers.values()]),
    listenerStates: async () => (await Promise.all([...workers.values()].filter((w) => w.isConnected())
      .map((worker) => askWorker(worker, 'relay:listener-states-request', 'relay:listener-states', (answer) => answer.states, null))))
      .filter((states): states is ProcessListenerStates => states !== null),
    stop,
  };
}
