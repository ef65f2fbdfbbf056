// Keeps one running SMTP listener per enabled virtual server, reconciled with every configuration change, and its state.
import type { VirtualServerConfig } from '../config/config-reader.ts';
import { ListenerStates } from './listener-state.ts';
import { ListenerStartError, listenerKey, startListener, type ListenerDeps, type SmtpListener } from './smtp-listener.ts';

/** Pause after the first failed start of a listener; it doubles with every further failure up to `retryMaxMs`. */
const retryFirstMs = 1000;
const retryMaxMs = 60_000;

/** The pause after `failures` failed starts in a row: 1 s, 2 s, 4 s, ... 60 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(retryMaxMs, retryFirstMs * 2 ** Math.max(0, failures - 1));
}

/**
 * How long change events gather before one reconcile reads the snapshot. A burst of API writes (a
 * Terraform apply of 1000 rules) then costs a few reconciles, not one full snapshot read per write;
 * a changed listener still follows well within a second.
 */
const changeCoalesceMs = 200;

/** A listener that did not start: for which settings (its key), how often in a row, and the timer of the next attempt. */
interface Failing {
  key: string;
  failures: number;
  retryAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Reconciles listeners with the feed's snapshots: a new enabled server gets a listener; a
 * changed bind address, port or TLS setting restarts it (old one stops accepting first);
 * disabling or deleting closes it. Everything else (rules, auth, limits) is read by the
 * hooks per connection, so no restart is needed for it. Change events are coalesced: the first one
 * schedules a reconcile `changeCoalesceMs` later and the events until then join it. Reconciles run one
 * at a time; a change arriving during one triggers another. A listener that could not start (port taken,
 * address not permitted, certificate unavailable) is `failed` in `states` and tried again after 1 s, 2 s, 4 s, ...
 * up to 60 s between attempts; a change of its bind address, port or TLS settings tries at once and starts the
 * series anew. The feed is the process's snapshot cache (config/snapshot-cache.ts), which every
 * change event empties before the reconcile hears of it: a new connection costs no store read, and still sees a
 * committed change at once.
 */
export class ListenerManager {
  private readonly listeners = new Map<string, SmtpListener>();
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly failing = new Map<string, Failing>();
  private coalescing: NodeJS.Timeout | null = null;
  /** Each enabled virtual server's listener state in this process. */
  readonly states: ListenerStates;

  constructor(private readonly deps: ListenerDeps) {
    this.states = new ListenerStates(deps.metrics);
  }

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
    for (const { timer } of this.failing.values()) clearTimeout(timer);
    this.failing.clear();
    if (this.coalescing) clearTimeout(this.coalescing);
    await this.running;
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    this.listeners.clear();
    for (const id of Object.keys(this.states.all())) this.states.delete(id);
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
    for (const [id, failing] of this.failing) {
      const config = wanted.get(id);
      if (!config || listenerKey(config.server) !== failing.key) this.forgetFailure(id);
    }
    for (const id of Object.keys(this.states.all())) if (!wanted.has(id)) this.states.delete(id);
    await Promise.all([...wanted.values()].map((config) => this.ensure(config)));
    this.states.configVersion = snapshot.version;
  }

  private forgetFailure(id: string): void {
    const failing = this.failing.get(id);
    if (!failing) return;
    clearTimeout(failing.timer);
    this.failing.delete(id);
  }

  private async ensure(config: VirtualServerConfig): Promise<void> {
    const { id, bind_address, port } = config.server;
    const existing = this.listeners.get(id);
    if (existing) return existing.apply(config);
    const failing = this.failing.get(id);
    // A reconcile for another server's sake does not hurry this one's back-off.
    if (failing && Date.now() < failing.retryAt - 50) return;
    const where = { bind_address, port, error: null, failed_attempts: failing?.failures ?? 0, next_attempt_at: null };
    if (!failing) this.states.set(id, { state: 'starting', ...where });
    try {
      // Only the first attempt after a change waits for the port: a listener being replaced may still hold it.
      const listener = await startListener(config, this.deps, { waitForPortMs: failing ? 0 : 1000 });
      if (this.stopped) return void listener.close();
      this.listeners.set(id, listener);
      this.forgetFailure(id);
      this.states.set(id, { state: 'listening', ...where, failed_attempts: 0 });
    } catch (error) {
      const failures = (failing?.failures ?? 0) + 1;
      const delay = retryDelayMs(failures);
      const code = error instanceof ListenerStartError ? error.code : 'EUNKNOWN';
      const message = error instanceof Error ? error.message : String(error);
      this.deps.metrics.bindFailures.inc({ virtual_server: id, code });
      this.deps.logger.error({ virtual_server_id: id, bind_address, port, code, err: message, failed_attempts: failures, retry_in_ms: delay }, 'smtp listener could not start');
      this.forgetFailure(id);
      if (this.stopped) return;
      const timer = setTimeout(() => void this.reconcile(), delay);
      timer.unref();
      this.failing.set(id, { key: listenerKey(config.server), failures, retryAt: Date.now() + delay, timer });
      this.states.set(id, {
        state: 'failed', ...where, error: { code, message }, failed_attempts: failures, next_attempt_at: new Date(Date.now() + delay).toISOString(),
      });
    }
  }
}
