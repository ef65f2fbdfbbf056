// Waits until a virtual server's SMTP listener is bound on the relay node that answers, and says why when it is not.
import type { ListenerStatusJson, NodeListenerStatusJson } from '@relayform/schema/api-wire-types.ts';
import type { ApiClient } from '../client/api-client.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { path, type AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';

const pollMs = 250;

/** Which attribute an error code is about: the port for a busy or privileged port, the address when it is not this host's, the certificate. */
function attributeOf(code: string): AttributePath {
  if (code === 'EADDRNOTAVAIL') return path('bind_address');
  if (code === 'CERTIFICATE_UNAVAILABLE') return path('tls', 'certificate_id');
  return path('port');
}

/** What the user can do about an error code. */
function adviceFor(code: string): string {
  switch (code) {
    case 'EADDRINUSE': return 'Another process (or another virtual server) holds this address and port: choose another `port` or `bind_address`, or stop that process.';
    case 'EACCES': return 'The relay may not bind this port (ports below 1024 need privileges): choose a `port` of 1024 or more, or give the relay the capability.';
    case 'EADDRNOTAVAIL': return 'The address is not one of the relay host\'s: set `bind_address` to an address of that host.';
    case 'CERTIFICATE_UNAVAILABLE': return 'Check the `smtp_certificate` that `tls.certificate_id` names.';
    default: return 'See the relay\'s log for the virtual server.';
  }
}

/** Diagnostics for the failed processes: one per distinct error, on the attribute it is about. */
function failureDiagnostics(id: string, failed: NodeListenerStatusJson[], what: string): Diagnostic[] {
  const byCode = new Map(failed.map((node) => [node.error?.code ?? 'EUNKNOWN', node]));
  return [...byCode].map(([code, node]) => ({
    severity: 'error' as const,
    summary: 'SMTP listener could not start',
    detail: `The relay ${what} virtual server ${id}, but its listener on ${node.bind_address}:${node.port} could not start ` +
      `(node ${node.node_id}): ${code}: ${node.error?.message ?? 'no detail'}. ${adviceFor(code)} ` +
      'The relay keeps retrying with back-off; GET /v1/virtual-servers/{id}/status shows the state.',
    attribute: attributeOf(code),
  }));
}

/** How a wait ended: the last listener_state, and error diagnostics unless it is `listening` (or `disabled`). */
export interface ListenerOutcome {
  listenerState: string;
  diagnostics: Diagnostic[];
}

/**
 * Polls the status of virtual server `id` until its listener on the answering node is `listening`, or `failed`
 * (diagnostics naming `port`, `bind_address` or `tls.certificate_id` and the OS error), or `timeoutMs` passes (a
 * diagnostic saying so). `what` is "created" or "updated", for the message.
 */
export async function waitForListener(client: ApiClient, id: string, timeoutMs: number, what: string): Promise<ListenerOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await client.get<ListenerStatusJson>(`/v1/virtual-servers/${encodeURIComponent(id)}/status`, { what: `reading the listener status of smtp_virtual_server ${id}` });
    if (!found) throw new DiagnosticsError({ severity: 'error', summary: 'Virtual server vanished', detail: `Virtual server ${id} was deleted while waiting for its listener.` });
    const status = found.body;
    const outcome = (diagnostics: Diagnostic[]) => ({ listenerState: status.listener_state, diagnostics });
    if (status.listener_state === 'listening' || status.listener_state === 'disabled') return outcome([]);
    const failed = status.nodes.filter((node) => node.state === 'failed');
    if (failed.length > 0) return outcome(failureDiagnostics(id, failed, what));
    if (Date.now() + pollMs > deadline) {
      return outcome([{
        severity: 'error', summary: 'SMTP listener did not start in time',
        detail: `The relay ${what} virtual server ${id}, but its listener was still "${status.listener_state}" after ${timeoutMs / 1000} s. ` +
          'Raise `timeouts` if the relay is slow to apply changes, or check its log.',
      }]);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
