// The API's configuration objects as the console reads them (the fields it shows; /v1/openapi.json has them all); the other answers: @relayform/schema/api-wire-types.ts.
import type { RelayCheckDecisionJson } from '@relayform/schema/api-wire-types.ts';

/** Set by the Terraform provider's requests (absent on relays without the marker): the object is changed through Terraform only. */
export interface Managed {
  managed_by?: 'terraform' | null;
}

export interface VirtualServer extends Managed {
  id: string;
  name: string;
  enabled: boolean;
  bind_address: string;
  port: number;
  fqdn?: string;
  local_domains: string[];
  listener_state?: string;
  authentication: { anonymous: boolean; basic: boolean; integrated: boolean; kerberos_keytab_path: string | null };
  tls: { certificate_id: string | null; require_tls: boolean; require_128_bit: boolean };
  connection_control: { mode: string };
  relay_control: { mode: 'only_listed' | 'all_except_listed'; allow_authenticated: boolean };
  delivery: { smart_host: string | null; smart_host_port: number };
  /** Simultaneous connections per client IP (null: no limit); older relays have no such field. */
  limits: { max_connections_per_ip?: number | null };
  /** Per-minute limits, null: no limit; absent on relays without rate limits. */
  rate_limits?: Record<`${'messages' | 'recipients'}_per_minute_per_${'client_ip' | 'account' | 'sender_domain'}`, number | null>;
}

export interface AddressRule extends Managed {
  id: string;
  ip_address?: string | null;
  subnet_mask?: string | null;
  cidr?: string | null;
  domain?: string | null;
}

export interface RemoteDomain extends Managed {
  id: string;
  name: string;
  allow_incoming_relay: boolean;
}

export interface OpenRelayVerdict {
  open_relay: boolean;
  probe: { client_ip: string; sender: string; recipient: string };
  decision: RelayCheckDecisionJson;
}
