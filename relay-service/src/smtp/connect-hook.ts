// Session hook at connect: the virtual server's current config, connection limits, reverse DNS and connection control.
import type { SMTPServerSession } from 'smtp-server';
import type { ConfigFeed, VirtualServerConfig } from '../config/config-reader.ts';
import { decideConnection } from '../policy/connection-decision.ts';
import type { ClientIdentity } from '../policy/address-match.ts';
import { addressIndex } from '../policy/address-index.ts';
import { replyFromDecision, SmtpReply } from './smtp-reply.ts';

export interface ConnectDeps {
  feed: ConfigFeed;
  virtualServerId: string;
  /** Open connections on this listener, the new one included. */
  openConnections: () => number;
  /** Confirmed host name of an address, or null. */
  reverseDns: (ip: string) => Promise<string | null>;
  /**
   * Counts the connection against `max_connections_per_ip` (key: virtual server and client IP) when fewer than `limit`
   * are open; false at the limit. Asked only when the limit is set; the caller closes what it counted when the session ends.
   */
  countConnection: (key: string, limit: number) => Promise<boolean>;
  /** Hears of a connection refused by `max_connections_per_ip` (metrics). */
  onPerIpLimit: () => void;
}

/** Admitted: the config the session runs under and who the client is. */
export interface Admitted {
  config: VirtualServerConfig;
  client: ClientIdentity;
  /** The key the connection was counted under for `max_connections_per_ip`, to close when it ends; null when not counted. */
  countedAs: string | null;
}

/**
 * Reads a fresh snapshot (so a rule changed through the API applies to the very next
 * connection), then refuses with 421 4.7.0 over `max_connections` and 554 5.7.1 when
 * connection control excludes the client, then with 421 4.7.0 when the client IP already holds `max_connections_per_ip`
 * connections (Postfix's smtpd_client_connection_count_limit). Reverse DNS runs only when a rule needs a name.
 */
export async function onConnect(session: SMTPServerSession, deps: ConnectDeps): Promise<Admitted | SmtpReply> {
  const snapshot = await deps.feed.snapshot();
  const config = snapshot.virtualServers.find((vs) => vs.server.id === deps.virtualServerId);
  if (!config || !config.server.enabled) return new SmtpReply(421, '4.3.2', 'Service not available, closing channel', 'disabled');
  if (deps.openConnections() > config.server.limits.max_connections) {
    return new SmtpReply(421, '4.7.0', 'Too many connections, try again later', 'too_many_connections');
  }
  // Resolved once here, for the whole session (SessionContext.client), and only when a domain rule can use it.
  const needsName = addressIndex(config.connectionRules).hasDomainRule || addressIndex(config.relayRules).hasDomainRule;
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; rules, logs and headers use the IPv4 form.
  const ip = session.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const client = { ip, hostname: needsName ? await deps.reverseDns(ip) : null };
  const decision = decideConnection(config, client);
  if (decision.decision === 'reject') return replyFromDecision(decision, 'connection_refused');
  const perIp = config.server.limits.max_connections_per_ip;
  if (perIp === null) return { config, client, countedAs: null };
  const key = `${config.server.id} ${ip}`;
  if (!(await deps.countConnection(key, perIp))) {
    deps.onPerIpLimit();
    return new SmtpReply(421, '4.7.0', `Too many connections from ${ip} (at most ${perIp}), try again later`, 'too_many_connections_per_ip');
  }
  return { config, client, countedAs: key };
}
