// Starts the relay's data plane: SMTP listeners per virtual server (reconciled with the configuration) and the delivery worker.
import { promises as dns } from 'node:dns';
import type { Registry } from 'prom-client';
import type { ConfigReader } from './config/config-reader.ts';
import { startDeliveryWorker } from './delivery/delivery-worker.ts';
import type { MxResolver } from './delivery/mx-resolver.ts';
import type { Logger } from './logger.ts';
import type { QueueStore } from './store/queue-store.ts';
import { AuthThrottle, defaultAuthThrottle, type AuthThrottleOptions } from './smtp/auth-throttle.ts';
import { ListenerManager } from './smtp/listener-manager.ts';
import type { DnsResolver } from './smtp/reverse-dns.ts';
import { smtpMetrics } from './smtp/smtp-metrics.ts';

export interface DataPlaneDeps {
  config: ConfigReader;
  queue: QueueStore;
  logger: Logger;
  /** DNS for reverse lookups of clients; defaults to the system's servers. */
  resolver?: DnsResolver;
  /** Reverse DNS budget per connection (default 2000 ms). */
  dnsTimeoutMs?: number;
  authThrottle?: AuthThrottleOptions;
  /** Metrics registry; prom-client's default registry unless given. */
  registry?: Registry;
  /** This node's name in queue leases (unique per relay process sharing a queue). */
  nodeId: string;
  /** Mail exchanger look-ups for delivery; DNS unless given (tests). */
  mxResolver?: MxResolver;
}

export interface DataPlane {
  /** Closes the listeners (open sessions get a short grace period), then stops delivery. */
  stop(): Promise<void>;
}

/** Starts delivery, then listeners for every enabled virtual server; resolves once they are bound. */
export async function startDataPlane(deps: DataPlaneDeps): Promise<DataPlane> {
  const worker = startDeliveryWorker({ queue: deps.queue, config: deps.config, logger: deps.logger, nodeId: deps.nodeId, resolver: deps.mxResolver });
  const manager = new ListenerManager({
    config: deps.config,
    queue: deps.queue,
    logger: deps.logger,
    resolver: deps.resolver ?? new dns.Resolver({ timeout: 1500, tries: 1 }),
    dnsTimeoutMs: deps.dnsTimeoutMs ?? 2000,
    throttle: new AuthThrottle(deps.authThrottle ?? defaultAuthThrottle),
    metrics: smtpMetrics(deps.registry),
    onEnqueued: () => worker.wake(),
  });
  try {
    await manager.start();
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return {
    async stop() {
      await manager.stop();
      await worker.stop();
    },
  };
}
