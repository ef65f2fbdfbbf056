// Relay control: whether one recipient is accepted from one client, the rule the SMTP listener and POST /v1/relay-check share.
import type { VirtualServerConfig } from '../config/config-reader.ts';
import { addressIndex } from './address-index.ts';
import { canonicalDomainPattern, domainMatches } from '@relayform/schema/domain-name.ts';
import { isInvalidMailbox, parseMailbox, type Mailbox } from './mailbox.ts';
import { accept, reject, type PolicyDecision } from './policy-decision.ts';

/** One envelope step to judge: who sends what to whom. */
export interface RelayCheckInput {
  client_ip: string;
  /** Confirmed reverse DNS name of the client, for domain rules; omitted or null when unknown. */
  client_hostname?: string | null;
  /** The authenticated account (`DOMAIN\name` or `name`), or null for an anonymous client. */
  authenticated_as: string | null;
  /** Envelope sender; "" is the null sender. */
  sender: string;
  recipient: string;
}

/**
 * Decides one recipient. Mail to `local_domains` is never relaying and is accepted. Any
 * other recipient is relaying, accepted when the client matches the relay rules per
 * `relay_control.mode`, or is authenticated and `allow_authenticated` is on, or the
 * recipient's domain is a remote domain (exact name first, then `*.suffix`) with
 * `allow_incoming_relay`. Routed addresses and address literals are relaying and never
 * local or a remote domain. Otherwise `550 5.7.1 Unable to relay`.
 */
export function decideRelay(config: VirtualServerConfig, input: RelayCheckInput): PolicyDecision {
  if (input.sender !== '' && isInvalidMailbox(parseMailbox(input.sender))) {
    return reject(553, '5.1.7', 'Bad sender address syntax');
  }
  const mailbox = parseMailbox(input.recipient);
  if (isInvalidMailbox(mailbox)) return reject(553, '5.1.3', `Bad recipient address syntax: ${mailbox.invalid}`);
  if (isLocalRecipient(config, mailbox)) return accept('2.1.5', 'Recipient is in a local domain');
  const { server } = config;
  const client = { ip: input.client_ip, hostname: input.client_hostname ?? null };
  const listed = addressIndex(config.relayRules).matches(client);
  if (server.relay_control.mode === 'only_listed' ? listed : !listed) {
    return accept('2.1.5', 'Client is permitted to relay by the relay rules');
  }
  if (input.authenticated_as !== null && server.relay_control.allow_authenticated) {
    return accept('2.1.5', 'Authenticated clients may relay');
  }
  if (!mailbox.routed && !mailbox.literal && remoteDomainAllowsRelay(config, mailbox.domain)) {
    return accept('2.1.5', 'Remote domain accepts incoming relay');
  }
  return reject(550, '5.7.1', 'Unable to relay');
}

/** True when the recipient is delivered to the drop directory: a plain address in one of `local_domains`. */
export function isLocalRecipient(config: VirtualServerConfig, mailbox: Mailbox): boolean {
  if (mailbox.routed || mailbox.literal) return false;
  return config.server.local_domains.some((domain) => domainMatches(domain, mailbox.domain));
}

function remoteDomainAllowsRelay(config: VirtualServerConfig, domain: string): boolean {
  const exact = config.remoteDomains.find((rd) => !rd.name.startsWith('*.') && domainMatches(rd.name, domain));
  if (exact) return exact.allow_incoming_relay;
  // The longest matching suffix is the most specific wildcard (measured in canonical form: a U-label is shorter than its A-label).
  const length = (name: string) => canonicalDomainPattern(name)?.length ?? 0;
  const wildcards = config.remoteDomains
    .filter((rd) => rd.name.startsWith('*.') && domainMatches(rd.name, domain))
    .sort((a, b) => length(b.name) - length(a.name));
  return wildcards[0]?.allow_incoming_relay ?? false;
}
