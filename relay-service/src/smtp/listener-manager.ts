// Keeps one running SMTP listener per enabled virtual server, reconciled with every configuration change.
import type { VirtualServerConfig } from '../config/config-reader.ts';
import { listenerKey, startListener, type ListenerDeps, type SmtpListener } from './smtp-listener.ts';

/** Pause before binding a listener again that failed to bind. */
const bindRetryMs = 2000;

/**
 * How long change events gather before one reconcile reads the snapshot. A burst of API writes (a
 * Terraform apply of 1000 rules) then costs a few reconciles, not one full snapshot read per write;
 * a changed listener still follows well within a second.
 */
const changeCoalesceMs = 200;

/**
 * Reconciles listeners with the feed's snapshots: a new enabled server gets a listener; a
 * changed bind address, port or TLS setting restarts it (old one stops accepting first);
 * disabling or deleting closes it. Everything else (rules, auth, limits) is read by the
 * hooks per connection, so no restart is needed for it. Change events are coalesced: the first one
 * schedules a reconcile `changeCoalesceMs` later and the events until then join it. Reconciles run one
 * at a time; a change arriving during one triggers another. A listener that could not bind (port taken)
 * is retried every few seconds. The feed is the process's snapshot cache (config/snapshot-cache.ts), which every
 * change event empties before the reconcile hears of it: a new connection costs no store read, and still sees a
 * committed change at once.
 */
export class ListenerManager {
  private readonly listeners = new Map<string, SmtpListener>();
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private coalescing: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ListenerDeps) {}

  /** Starts the listeners of the current snapshot and follows changes from then on. */
  async start(): Promise<void> {
    this.unsubscribe = this.deps.feed.onChange(() => this.scheduleReconcile());
    await this.reconcile();
  }

  /** Brings the listeners in line with the current snapshot; resolves when they are. */
  reconcile(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.reconcileOnce().catch((error: unknown) => this.deps.logger.error({ err: error }, 'listener reconcile failed'));
      } while (this.again && !this.stopped);
      this.running = null;
    })();
    return this.running;
  }

  /** Stops following changes and closes every listener. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.retry) clearTimeout(this.retry);
    if (this.coalescing) clearTimeout(this.coalescing);
    await this.running;
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    this.listeners.clear();
  }

  /** A reconcile shortly after a change event, shared by every event until it starts. */
  private scheduleReconcile(): void {
    if (this.coalescing || this.stopped) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      void this.reconcile();
    }, changeCoalesceMs);
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const snapshot = await this.deps.feed.snapshot();
    const wanted = new Map(snapshot.virtualServers.filter((vs) => vs.server.enabled).map((vs) => [vs.server.id, vs]));
    for (const [id, listener] of this.listeners) {
      const config = wanted.get(id);
      if (!config || listenerKey(config.server) !== listener.key) {
        this.listeners.delete(id);
        this.deps.logger.info({ virtual_server_id: id }, config ? 'restarting smtp listener' : 'closing smtp listener');
        // Not awaited: the port is released at once, open sessions drain in the background.
        void listener.close();
      }
    }
    await Promise.all([...wanted.values()].map((config) => this.ensure(config)));
    if (this.listeners.size < wanted.size && !this.retry && !this.stopped) {
      this.retry = setTimeout(() => { this.retry = null; void this.reconcile(); }, bindRetryMs);
      this.retry.unref();
    }
  }

  private async ensure(config: VirtualServerConfig): Promise<void> {
    const existing = this.listeners.get(config.server.id);
    if (existing) return existing.apply(config);
    try {
      this.listeners.set(config.server.id, await startListener(config, this.deps));
    } catch (error) {
      this.deps.logger.error({ err: error, virtual_server_id: config.server.id, port: config.server.port }, 'smtp listener could not start');
    }
  }
}
