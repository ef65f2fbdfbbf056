// Connection control: whether a client may open an SMTP session with a virtual server.
import type { VirtualServerConfig } from '../config/config-reader.ts';
import { addressIndex } from './address-index.ts';
import type { ClientIdentity } from './address-match.ts';
import { accept, reject, type PolicyDecision } from './policy-decision.ts';

/**
 * Applies `connection_control.mode` to the server's connection rules: `only_listed` admits
 * only matching clients, `all_except_listed` admits everyone but them. A refusal is
 * `554 5.7.1`, after which the listener closes the connection.
 */
export function decideConnection(config: VirtualServerConfig, client: ClientIdentity): PolicyDecision {
  const listed = addressIndex(config.connectionRules).matches(client);
  const admitted = config.server.connection_control.mode === 'only_listed' ? listed : !listed;
  if (admitted) return accept('2.0.0', 'connection allowed');
  return reject(554, '5.7.1', `Access denied for ${client.ip}`);
}
