// Chooses where each recipient's mail goes: a matching remote domain, else the smart host, else the domain's MX.
import type { SecretOwner, VirtualServerConfig } from '../config/config-reader.ts';
import type { OutboundSecurity, RemoteDomain } from '@relayform/schema/model.ts';
import { effectiveTlsPolicy } from '@relayform/schema/tls-policy.ts';
import { canonicalDomain, canonicalDomainPattern } from '@relayform/schema/domain-name.ts';
import { isInvalidMailbox, parseMailbox } from '../policy/mailbox.ts';
import { isLocalRecipient } from '../policy/relay-decision.ts';
import type { TlsRequirements } from './peer-verification.ts';

/** One next hop with the security to use on it. Recipients whose routes share a `key` go in one SMTP transaction. */
export interface Route {
  key: string;
  /** The recipient is in local_domains: the message goes to the drop directory (reports to local senders end up here). */
  local: boolean;
  /** A fixed relay host, or null to look up the MX of `domain`. */
  smartHost: { host: string; port: number } | null;
  /** The recipient domain (the MX lookup target when smartHost is null). */
  domain: string;
  security: OutboundSecurity;
  /** What the session's TLS must be (effectiveTlsPolicy) and what verify trusts. */
  tls: TlsRequirements;
  /** Whose stored secrets (password, OAuth2 client secret) the route uses. */
  secretOwner: SecretOwner;
}

/** The remote domain entry for `domain`: an exact name first, then the longest matching `*.suffix` (both in canonical form, so A- and U-labels match). */
export function matchRemoteDomain(domain: string, remoteDomains: RemoteDomain[]): RemoteDomain | null {
  const wanted = canonicalDomain(domain) ?? domain.toLowerCase();
  let best: { candidate: RemoteDomain; name: string } | null = null;
  for (const candidate of remoteDomains) {
    const name = canonicalDomainPattern(candidate.name) ?? candidate.name.toLowerCase();
    if (name === wanted) return candidate;
    if (name.startsWith('*.') && wanted.endsWith(name.slice(1)) && (!best || name.length > best.name.length)) best = { candidate, name };
  }
  return best?.candidate ?? null;
}

/**
 * The route for one recipient address of a message accepted by `server`: local_domains first (the same
 * test the SMTP side applies), then a remote domain, which overrides the virtual server's outbound security
 * and whose own smart host (if any) overrides the server's smart host.
 */
export function routeFor(recipient: string, server: VirtualServerConfig): Route {
  const rawDomain = recipient.slice(recipient.lastIndexOf('@') + 1);
  const domain = canonicalDomain(rawDomain) ?? rawDomain.toLowerCase();
  const delivery = server.server.delivery;
  const mailbox = parseMailbox(recipient);
  if (!isInvalidMailbox(mailbox) && isLocalRecipient(server, mailbox)) {
    const security = delivery.outbound_security;
    return { key: 'local', local: true, smartHost: null, domain, security, tls: tlsRequirements(security, false, false), secretOwner: { virtual_server_id: server.server.id } };
  }
  const remote = matchRemoteDomain(domain, server.remoteDomains);
  const relayHost = remote?.smart_host
    ? { host: remote.smart_host, port: remote.smart_host_port }
    : delivery.smart_host ? { host: delivery.smart_host, port: delivery.smart_host_port } : null;
  const security = remote ? remote.outbound_security : delivery.outbound_security;
  const secretOwner: SecretOwner = remote ? { remote_domain_id: remote.id } : { virtual_server_id: server.server.id };
  const tls = tlsRequirements(security, remote?.require_tls ?? false, relayHost !== null);
  const destination = relayHost ? `${relayHost.host}:${relayHost.port}` : `mx:${domain}`;
  const owner = remote ? `rd:${remote.id}` : `vs:${server.server.id}`;
  return { key: `${destination}|${owner}|${tls.policy}`, local: false, smartHost: relayHost, domain, security, tls, secretOwner };
}

/**
 * What the route's sessions need. mta_sts is about the recipient domain's MX hosts: a remote domain that names it but
 * sends through the virtual server's smart host (validation refuses mta_sts next to a smart host of its own) verifies
 * that smart host instead.
 */
function tlsRequirements(security: OutboundSecurity, requireTls: boolean, viaSmartHost: boolean): TlsRequirements {
  const policy = effectiveTlsPolicy(security, requireTls);
  return {
    policy: policy === 'mta_sts' && viaSmartHost ? 'verify' : policy,
    caPem: security.tls_ca_pem ?? null,
    fingerprints: (security.tls_fingerprints_sha256 ?? []).map((f) => f.toUpperCase()),
  };
}

/** Splits a message's recipients into one group per route, keeping their order. */
export function groupByRoute(recipients: string[], server: VirtualServerConfig): Array<{ route: Route; recipients: string[] }> {
  const groups = new Map<string, { route: Route; recipients: string[] }>();
  for (const recipient of recipients) {
    const route = routeFor(recipient, server);
    const group = groups.get(route.key) ?? { route, recipients: [] };
    group.recipients.push(recipient);
    groups.set(route.key, group);
  }
  return [...groups.values()];
}
