// Whether a virtual server is an open relay: the connection and relay decisions the listener uses, asked for an anonymous stranger.
import type { VirtualServerConfig } from '../config/config-reader.ts';
import { decideConnection } from './connection-decision.ts';
import type { PolicyDecision } from './policy-decision.ts';
import { decideRelay } from './relay-decision.ts';

/** Documentation addresses (RFC 5737, RFC 3849) and a reserved domain (RFC 2606): no real rule is meant to name them. */
export const openRelayProbes = [
  { client_ip: '192.0.2.1', sender: 'probe@open-relay-probe.invalid', recipient: 'victim@open-relay-probe.invalid' },
  { client_ip: '2001:db8::1', sender: 'probe@open-relay-probe.invalid', recipient: 'victim@open-relay-probe.invalid' },
];

/** The verdict: open when an anonymous client from any probe address may relay, with the decision that let it. */
export interface OpenRelayVerdict {
  open_relay: boolean;
  /** The probe that relayed, or the last one asked when none did. */
  probe: (typeof openRelayProbes)[number];
  decision: PolicyDecision;
}

/**
 * Asks, for each probe, what an SMTP session would: is the client admitted (decideConnection), may it send without
 * AUTH (`authentication.anonymous`, as mail-hook.ts), and is a recipient at a domain that is neither local nor a
 * remote domain accepted (decideRelay)? Any yes is an open relay: every client not named by a rule may relay anywhere.
 */
export function openRelayVerdict(config: VirtualServerConfig): OpenRelayVerdict {
  let last: OpenRelayVerdict | undefined;
  for (const probe of openRelayProbes) {
    const connection = decideConnection(config, { ip: probe.client_ip, hostname: null });
    const decision = connection.decision === 'reject' ? connection
      : decideRelay(config, { ...probe, client_hostname: null, authenticated_as: null });
    const open = decision.decision === 'accept' && config.server.authentication.anonymous;
    last = { open_relay: open, probe, decision };
    if (open) return last;
  }
  return last!;
}
