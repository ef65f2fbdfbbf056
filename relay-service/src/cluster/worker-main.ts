// Entry point of a data-plane worker process (cluster mode): opens the shared stores and runs the SMTP listeners and delivery.
import { join } from 'node:path';
import { collectDefaultMetrics, register } from 'prom-client';
import { SecretBox } from '../auth/secret-box.ts';
import { startDataPlane, type DataPlane } from '../data-plane.ts';
import { createLogger } from '../logger.ts';
import { openStores } from '../open-stores.ts';
import { withSmtpBindAddress } from '../smtp-bind-override.ts';
import { authLockoutReporter } from '../smtp/auth-lockout-report.ts';
import { StoreConfigReader } from '../config/store-config-reader.ts';
import { IpcConnectionCounter } from './ipc-connection-counter.ts';
import { withIpcChangeEvents } from './ipc-change-events.ts';
import { isMessage, workerSettingsVariable, type FromWorker, type ToWorker, type WorkerSettings } from './worker-messages.ts';

/**
 * Runs under node:cluster, forked by the primary (worker-pool.ts) with its settings in the environment.
 * Answers the primary's messages: config changes, metrics and listener state requests, stop. When the primary dies, the
 * IPC channel closes and node:cluster ends this process at once, so no worker outlives its primary.
 */
async function main(): Promise<void> {
  const settings = JSON.parse(process.env[workerSettingsVariable] ?? '') as WorkerSettings;
  const send = (message: FromWorker) => process.send?.(message);
  const logger = createLogger(settings.logLevel).child({ worker: settings.nodeId });
  collectDefaultMetrics();
  const changeListeners = new Set<() => void>();
  // Until the data plane runs there is nothing to drain: a stop request exits at once.
  let stop: () => void = () => process.exit(0);
  let dataPlane: DataPlane | null = null;
  const connections = new IpcConnectionCounter(send);
  process.on('message', (message: unknown) => {
    if (isMessage<ToWorker, 'relay:connection-opened'>(message, 'relay:connection-opened')) connections.answered(message);
    if (isMessage<ToWorker, 'relay:config-changed'>(message, 'relay:config-changed')) for (const listener of changeListeners) listener();
    if (isMessage<ToWorker, 'relay:metrics-request'>(message, 'relay:metrics-request')) {
      void register.getMetricsAsJSON().then((metrics) => send({ type: 'relay:metrics', id: message.id, metrics }));
    }
    if (isMessage<ToWorker, 'relay:listener-states-request'>(message, 'relay:listener-states-request')) {
      send({ type: 'relay:listener-states', id: message.id, states: dataPlane?.listenerStates() ?? null });
    }
    if (isMessage<ToWorker, 'relay:stop'>(message, 'relay:stop')) stop();
  });
  const secretBox = SecretBox.fromKeyFile(join(settings.dataDir, 'secret.key'));
  const { store, queue, rateCounters } = await openStores(settings.dataDir, settings.databaseUrl, secretBox);
  const changes = { subscribe: (listener: () => void) => { changeListeners.add(listener); return () => changeListeners.delete(listener); } };
  const reader = new StoreConfigReader(store, secretBox);
  const feed = withIpcChangeEvents(reader, changes);
  const running = await startDataPlane({
    feed: settings.smtpBindAddress ? withSmtpBindAddress(feed, settings.smtpBindAddress) : feed,
    credentials: reader,
    queue, rateCounters, rateWindowMs: settings.rateWindowMs, connections,
    logger, nodeId: settings.nodeId, dnsServers: settings.dnsServers, leaseMs: settings.queueLeaseMs, statsIntervalMs: settings.statsIntervalMs,
    onAuthLockout: authLockoutReporter(store, logger),
  });
  dataPlane = running;
  let stopping: Promise<void> | null = null;
  stop = () => void (stopping ??= (async () => {
    await running.stop();
    await queue.close();
    await rateCounters.close();
    await store.close();
    process.exit(0);
  })());
  // A signal to the whole process group (Ctrl-C) or to this worker alone: finish open work, then exit.
  process.on('SIGTERM', () => stop());
  process.on('SIGINT', () => stop());
  send({ type: 'relay:ready' });
}

main().catch((error: unknown) => {
  console.error('relay worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
