// The state of each virtual server's SMTP listener in this process (starting, listening, failed and why), kept by the listener manager.
import type { SmtpMetrics } from './smtp-metrics.ts';

/** `starting`: not bound yet (or a bind is due); `listening`: accepting connections; `failed`: the last bind failed, a retry is scheduled. */
export type ListenerPhase = 'starting' | 'listening' | 'failed';

/** Why a listener is not running: the OS error code (EADDRINUSE, EACCES, EADDRNOTAVAIL, ...) or CERTIFICATE_UNAVAILABLE, and a sentence. */
export interface ListenerError {
  code: string;
  message: string;
}

/** One listener's state as the API reports it (JSON field names). */
export interface ListenerState {
  state: ListenerPhase;
  bind_address: string;
  port: number;
  /** Set while `failed`. */
  error: ListenerError | null;
  /** When the listener entered this state (ISO 8601). */
  since: string;
  /** Failed bind attempts since the last success or change of its bind address, port or TLS settings. */
  failed_attempts: number;
  /** While `failed`: when the next bind attempt is due (ISO 8601). */
  next_attempt_at: string | null;
}

/** What one data-plane process reports: its node id, the config version it last reconciled, its listeners' states by virtual server id. */
export interface ProcessListenerStates {
  node_id: string;
  /** Every state here reflects the configuration up to this version (an object written later may not have reached the listeners yet). */
  config_version: number;
  listeners: Record<string, ListenerState>;
}

/**
 * The listener states of one process, by virtual server id: written only by the listener manager, read by the API
 * (in process) or sent to it (cluster workers). Each change also sets `smtp_listener_up{virtual_server}`.
 */
export class ListenerStates {
  private readonly states = new Map<string, ListenerState>();
  /** The version of the snapshot the last reconcile finished with; -1 before the first. */
  configVersion = -1;

  constructor(private readonly metrics: SmtpMetrics) {}

  /** Records `next` for the virtual server; `since` moves only when the phase changes. */
  set(id: string, next: Omit<ListenerState, 'since'>): void {
    const current = this.states.get(id);
    const since = current && current.state === next.state ? current.since : new Date().toISOString();
    this.states.set(id, { ...next, since });
    this.metrics.listenerUp.set({ virtual_server: id }, next.state === 'listening' ? 1 : 0);
  }

  /** The virtual server has no listener any more (deleted or disabled). */
  delete(id: string): void {
    this.states.delete(id);
    this.metrics.listenerUp.remove({ virtual_server: id });
  }

  get(id: string): ListenerState | undefined {
    return this.states.get(id);
  }

  /** Every listener's state, by virtual server id (a copy). */
  all(): Record<string, ListenerState> {
    return Object.fromEntries(this.states);
  }

  /** The report of this process, named `nodeId`. */
  report(nodeId: string): ProcessListenerStates {
    return { node_id: nodeId, config_version: this.configVersion, listeners: this.all() };
  }
}
