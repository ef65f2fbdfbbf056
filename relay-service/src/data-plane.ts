// Starts the relay's data plane: SMTP listeners per virtual server (reconciled with the configuration) and the delivery worker.
import { promises as dns } from 'node:dns';
import type { ConfigFeed, CredentialStore } from './config/config-reader.ts';
import { cacheSnapshots } from './config/snapshot-cache.ts';
import { startDeliveryWorker } from './delivery/delivery-worker.ts';
import { DaneResolver } from './delivery/dane-resolver.ts';
import { DnssecLookup } from './delivery/dnssec-lookup.ts';
import { MxResolver } from './delivery/mx-resolver.ts';
import { MtaStsResolver } from './delivery/mta-sts.ts';
import type { Logger } from './logger.ts';
import type { QueueStore } from './store/queue-store.ts';
import type { RateCounterStore } from './store/rate-counter-store.ts';
import { ConnectionCounts, type ConnectionCounter } from './smtp/connection-counts.ts';
import { AuthThrottle, defaultAuthThrottle, type AuthLockout } from './smtp/auth-throttle.ts';
import { ListenerManager } from './smtp/listener-manager.ts';
import type { ProcessListenerStates } from './smtp/listener-state.ts';
import { smtpMetrics } from './smtp/smtp-metrics.ts';
import { openSmtpSessions } from './smtp/relay-smtp-server.ts';
import { startTrafficRecorder } from './stats/traffic-recorder.ts';
import { TrafficTally } from './stats/traffic-tally.ts';

/** Reverse DNS budget per connection: a slow resolver delays the greeting at most this long. */
const reverseDnsTimeoutMs = 2000;

export interface DataPlaneDeps {
  /** The configuration as it changes (a store's reader, possibly with IPC change events or a per-node bind address). */
  feed: ConfigFeed;
  credentials: CredentialStore;
  queue: QueueStore;
  /** The per-minute rate counters shared by every process (and node) on the same store. */
  rateCounters: RateCounterStore;
  /** Length of a rate limit window: one minute (SMTP_RELAY_RATE_WINDOW_SECONDS shortens it for tests). */
  rateWindowMs?: number;
  /** Connections per client IP over the node's processes (cluster mode: the primary's, over IPC); default: this process's own. */
  connections?: ConnectionCounter;
  logger: Logger;
  /**
   * DNS servers (`host:port`) for client reverse lookups and MX look-ups; the system's when absent (tests use a fake DNS).
   * tls_policy dane trusts their AD bit: for DANE this must be a local validating resolver (unbound on 127.0.0.1).
   */
  dnsServers?: string[];
  /** This node's name in queue leases: unique among nodes sharing the queue, stable across restarts (see node-id.ts). */
  nodeId: string;
  /** Queue lease per claimed message (default 60 s): a crashed node's claims wait this long for another node. */
  leaseMs?: number;
  /** Hears of every client IP or account the SMTP AUTH throttle locks out (audit log, metrics). */
  onAuthLockout?: (lockout: AuthLockout) => void;
  /** How often this process writes its per-minute traffic counts and a queue-size sample (default 10 s; stats/traffic-recorder.ts). */
  statsIntervalMs?: number;
}

export interface DataPlane {
  /** This process's listener states (starting, listening, failed and why) as of now. */
  listenerStates(): ProcessListenerStates;
  /** Closes the listeners (open sessions get a short grace period), then stops delivery. */
  stop(): Promise<void>;
}

/**
 * Takes back the claims of this node's previous run (after a crash they would wait for their
 * leases to expire), starts delivery, then listeners for every enabled virtual server;
 * resolves once they are bound.
 */
export async function startDataPlane(deps: DataPlaneDeps): Promise<DataPlane> {
  const released = await deps.queue.releaseLeases(deps.nodeId);
  if (released > 0) deps.logger.info({ released, node_id: deps.nodeId }, 'claims of the previous run released');
  const resolver = new dns.Resolver({ timeout: 1500, tries: 2 });
  if (deps.dnsServers) resolver.setServers(deps.dnsServers);
  const dane = new DaneResolver(new DnssecLookup(deps.dnsServers ?? dns.getServers()));
  // One snapshot cache per process: listeners and delivery read the configuration once per change.
  const snapshots = cacheSnapshots(deps.feed, deps.credentials);
  // What this process counts for the per-minute statistics, written to the store by the recorder below.
  const traffic = new TrafficTally();
  const worker = startDeliveryWorker({
    queue: deps.queue, snapshots, logger: deps.logger, nodeId: deps.nodeId, leaseMs: deps.leaseMs,
    resolver: new MxResolver(resolver), dane, mtaSts: new MtaStsResolver(resolver), traffic,
  });
  const manager = new ListenerManager({
    feed: snapshots,
    credentials: deps.credentials,
    logger: deps.logger,
    resolver,
    dnsTimeoutMs: reverseDnsTimeoutMs,
    throttle: new AuthThrottle(defaultAuthThrottle, deps.onAuthLockout),
    metrics: smtpMetrics(),
    traffic,
    rateCounters: deps.rateCounters,
    rateWindowMs: deps.rateWindowMs ?? 60_000,
    connections: deps.connections ?? new ConnectionCounts(),
    enqueue: (message, data) => worker.enqueue(message, data, { onlySession: openSmtpSessions() <= 1 }),
  });
  const recorder = startTrafficRecorder({
    store: deps.queue.traffic, nodeId: deps.nodeId, tally: traffic, logger: deps.logger, intervalMs: deps.statsIntervalMs,
    serverIds: async () => (await snapshots.snapshot()).virtualServers.map((vs) => vs.server.id),
  });
  try {
    await manager.start();
  } catch (error) {
    await worker.stop();
    await recorder.stop();
    snapshots.close();
    throw error;
  }
  return {
    listenerStates: () => manager.states.report(deps.nodeId),
    async stop() {
      await manager.stop();
      await worker.stop();
      await recorder.stop();
      snapshots.close();
    },
  };
}
