// A virtual server's listener status as the API reports it: per data-plane process of this node, and the one word for the resource.
import type { ListenerStatusJson, NodeListenerStatusJson } from '@relayform/schema/api-wire-types.ts';
import type { ProcessListenerStates } from '../smtp/listener-state.ts';
import type { StoredObject } from '../store/config-store.ts';

/**
 * The status of `server`'s listener from the reports of this node's data-plane processes. A process that has not yet
 * reconciled the configuration version that last wrote the server (its config_version is older) reports `starting`
 * for it, whatever it held before: a new port is not `listening` because the old one was. The resource's word is
 * `failed` when any process failed, `starting` when any is starting (or none reported yet), else `listening`;
 * `disabled` for a disabled server (no listener is wanted, `nodes` is empty).
 */
export function listenerStatus(server: StoredObject, reports: ProcessListenerStates[]): ListenerStatusJson {
  const enabled = server.doc.enabled !== false;
  const nodes = enabled ? reports.map((report): NodeListenerStatusJson => {
    const held = report.config_version >= server.version ? report.listeners[server.id] : undefined;
    if (!held) {
      return { node_id: report.node_id, state: 'starting', bind_address: null, port: null, error: null, since: null, failed_attempts: 0, next_attempt_at: null };
    }
    return { node_id: report.node_id, ...held };
  }) : [];
  const states = new Set(nodes.map((node) => node.state));
  const listenerState: ListenerStatusJson['listener_state'] = !enabled ? 'disabled' : states.has('failed') ? 'failed'
    : states.has('starting') || nodes.length === 0 ? 'starting' : 'listening';
  return { virtual_server_id: server.id, enabled, listener_state: listenerState, nodes };
}

/** How many of this node's listeners (over every process) have failed: /healthz reports degraded while any has. */
export function failedListenerCount(reports: ProcessListenerStates[]): number {
  return new Set(reports.flatMap((report) => Object.entries(report.listeners).filter(([, s]) => s.state === 'failed').map(([id]) => id))).size;
}
