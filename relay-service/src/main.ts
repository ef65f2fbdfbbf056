// The relay's only composition root: opens the stores and starts the management API and the data plane (SMTP listeners, delivery).
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { collectDefaultMetrics, register } from 'prom-client';
import { startManagementApi } from './api/management-api.ts';
import { formats } from '@relayform/schema/formats.ts';
import { bootstrapAdminToken } from './auth/admin-token.ts';
import { SecretBox } from './auth/secret-box.ts';
import { startWorkerPool, type WorkerPool } from './cluster/worker-pool.ts';
import { startDataPlane } from './data-plane.ts';
import { createLogger, type Logger } from './logger.ts';
import { nodeId } from './node-id.ts';
import { openStores } from './open-stores.ts';
import { withSmtpBindAddress } from './smtp-bind-override.ts';
import { enableStepTrace } from './step-trace.ts';
import { authLockoutReporter } from './smtp/auth-lockout-report.ts';
import type { ProcessListenerStates } from './smtp/listener-state.ts';
import type { ConfigStore } from './store/config-store.ts';
import type { QueueStore } from './store/queue-store.ts';
import type { RateCounterStore } from './store/rate-counter-store.ts';
import { StoreConfigReader } from './config/store-config-reader.ts';

/** Everything the relay needs to start; cli.ts fills it from flags and the environment. */
export interface RelayOptions {
  dataDir: string;
  apiHost: string;
  /** 0 = any free port (tests); read the real one from `apiUrl`. */
  apiPort: number;
  /** PEM files: serve the API over HTTPS. */
  apiTls?: { certFile: string; keyFile: string };
  /** SMTP_RELAY_ADMIN_TOKEN; when absent, an empty store gets a generated token. */
  adminToken?: string;
  logger?: Logger;
  /** Receives the one line that shows a generated admin token (default: stdout). */
  announce?: (line: string) => void;
  /** DNS servers (`host:port`) for SMTP client reverse lookups and MX look-ups; the system's when absent (tests use a fake DNS). */
  dnsServers?: string[];
  /** SMTP_RELAY_DATABASE_URL (postgres://…): config and queue in PostgreSQL, shared by several nodes; else SQLite files in the data dir. */
  databaseUrl?: string;
  /** SMTP_RELAY_SMTP_BIND_ADDRESS: this node binds every virtual server here instead of its bind_address (several nodes on one host). */
  smtpBindAddress?: string;
  /** SMTP_RELAY_QUEUE_LEASE_SECONDS in ms: how long a crashed node's claimed messages wait before another node takes them. */
  queueLeaseMs?: number;
  /** SMTP_RELAY_STATS_INTERVAL_SECONDS in ms: how often each data-plane process writes its traffic counts (default 10 s). */
  statsIntervalMs?: number;
  /**
   * SMTP_RELAY_WORKERS / --workers: 0 (default) runs the data plane in this process; N > 0 runs it in N
   * worker processes (cluster/worker-pool.ts) sharing the stores, while this process serves the API.
   */
  workers?: number;
  /**
   * SMTP_RELAY_STEP_TRACE: a file that gets one JSON line per message delivered by this process (its steps from connect
   * to delivered, in ms), one per GC pause and WAL fsync, and the event-loop delay every 50 messages; for latency work,
   * off by default. With workers, not traced.
   */
  stepTraceFile?: string;
  /** SMTP_RELAY_RATE_WINDOW_SECONDS in ms: the rate limit window (one minute; tests shorten it to see it reset). */
  rateWindowMs?: number;
}

/** A running relay. `stop` closes the listeners, delivery, the API and the stores, logging each step; call it once. */
export interface RelayHandles {
  apiUrl: string;
  dataDir: string;
  config: StoreConfigReader;
  store: ConfigStore;
  queue: QueueStore;
  /** `reason` (e.g. the signal) goes into the log, so a stop reads differently from a crash. */
  stop(reason?: string): Promise<void>;
}

/** The host name, when it is a valid fqdn value (so a server read back can be PUT unchanged); else "localhost". */
function defaultFqdn(): string {
  return formats['domain-name'].check(hostname()) ? hostname() : 'localhost';
}

/** The data plane as main sees it, in this process or in workers: its listener states (one report per process) and how to stop it. */
interface RunningDataPlane {
  listenerStates(): Promise<ProcessListenerStates[]>;
  stop(): Promise<void>;
}

/**
 * The data plane in this process, or with `options.workers` > 0 in a pool of worker processes
 * (handed to `onPool`) that hears of every configuration change.
 */
async function runDataPlane(options: RelayOptions, deps: { store: ConfigStore; queue: QueueStore; rateCounters: RateCounterStore; config: StoreConfigReader; logger: Logger },
  onPool: (pool: WorkerPool) => void): Promise<RunningDataPlane> {
  const { store, queue, rateCounters, config, logger } = deps;
  const node = nodeId(options.dataDir);
  if (!options.workers) {
    const dataPlane = await startDataPlane({
      feed: options.smtpBindAddress ? withSmtpBindAddress(config, options.smtpBindAddress) : config,
      credentials: config,
      queue, rateCounters, rateWindowMs: options.rateWindowMs, logger, nodeId: node, dnsServers: options.dnsServers, leaseMs: options.queueLeaseMs,
      statsIntervalMs: options.statsIntervalMs,
      onAuthLockout: authLockoutReporter(store, logger),
    });
    return { listenerStates: async () => [dataPlane.listenerStates()], stop: () => dataPlane.stop() };
  }
  // Claims of an earlier single-process run; each worker releases its own slot's claims itself.
  await queue.releaseLeases(node);
  const pool = await startWorkerPool({ count: options.workers, logger, settings: {
    dataDir: options.dataDir, nodeId: node, logLevel: logger.level, databaseUrl: options.databaseUrl,
    dnsServers: options.dnsServers, smtpBindAddress: options.smtpBindAddress, queueLeaseMs: options.queueLeaseMs, statsIntervalMs: options.statsIntervalMs,
    rateWindowMs: options.rateWindowMs,
  } });
  onPool(pool);
  const unsubscribe = store.onChange(() => pool.configChanged());
  logger.info({ workers: options.workers }, 'data plane running in worker processes');
  return { listenerStates: () => pool.listenerStates(), stop: async () => { unsubscribe(); await pool.stop(); } };
}

/** Starts the relay on `options.dataDir`; rejects (after closing what it opened) when a part cannot start. */
export async function startRelay(options: RelayOptions): Promise<RelayHandles> {
  const logger = options.logger ?? createLogger(process.env.SMTP_RELAY_LOG_LEVEL ?? 'info');
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  const stopTrace = options.stepTraceFile && !options.workers ? enableStepTrace(options.stepTraceFile) : async () => undefined;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const secretBox = SecretBox.fromKeyFile(join(options.dataDir, 'secret.key'));
  // Worker processes share the node's counters through the store; a single process keeps its own.
  const { store, queue, rateCounters } = await openStores(options.dataDir, options.databaseUrl, secretBox, options.workers ? 'shared' : 'this-process');
  try {
    const admin = await bootstrapAdminToken(store, options.dataDir, options.adminToken);
    if (admin.source === 'generated') (options.announce ?? console.log)(`Admin token: ${admin.token} (also in ${admin.file})`);
    const config = new StoreConfigReader(store, secretBox);
    const tls = options.apiTls && { cert: readFileSync(options.apiTls.certFile, 'utf8'), key: readFileSync(options.apiTls.keyFile, 'utf8') };
    let pool: WorkerPool | null = null;
    // The API starts first; until the data plane runs, no listener has a state.
    let dataPlane: RunningDataPlane | null = null;
    const api = await startManagementApi({
      host: options.apiHost, port: options.apiPort, ...(tls ? { tls } : {}), logger,
      store, reader: config, secretBox, queue, dataDir: options.dataDir, hostName: defaultFqdn(),
      metrics: () => (pool ? pool.metrics() : register.metrics()),
      listenerStates: async () => (dataPlane ? dataPlane.listenerStates() : []),
    });
    logger.info({ url: api.url, dataDir: options.dataDir, store: options.databaseUrl ? 'postgresql' : 'sqlite' }, 'management API listening');
    const running = await runDataPlane(options, { store, queue, rateCounters, config, logger }, (started) => { pool = started; })
      .catch(async (error: unknown) => { await api.close(); throw error; });
    dataPlane = running;
    return {
      apiUrl: api.url, dataDir: options.dataDir, config, store, queue,
      stop: async (reason = 'stop requested') => {
        logger.info({ reason }, 'relay stopping');
        await running.stop();
        logger.info('SMTP listeners closed (sessions drained or timed out), delivery stopped');
        await api.close();
        logger.info('management API closed');
        await queue.close();
        await rateCounters.close();
        await store.close();
        await stopTrace();
        logger.info('stores closed; relay stopped');
      },
    };
  } catch (error) {
    await queue.close();
    await rateCounters.close();
    await store.close();
    await stopTrace();
    throw error;
  }
}
