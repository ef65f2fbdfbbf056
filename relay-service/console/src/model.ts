// The API's objects as the console reads them (the fields it shows; the OpenAPI document at /v1/openapi.json has them all).

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

export interface ListenerStatus {
  listener_state: 'disabled' | 'starting' | 'listening' | 'failed';
  nodes: Array<{ node_id: string; state: string; error: { code: string; message: string } | null; since: string | null }>;
}

export interface PolicyDecision {
  decision: 'accept' | 'reject';
  smtp_code: number;
  enhanced_status: string;
  reason: string;
}

export interface OpenRelayVerdict {
  open_relay: boolean;
  probe: { client_ip: string; sender: string; recipient: string };
  decision: PolicyDecision;
}

export interface Recipient {
  address: string;
  status: 'pending' | 'delivered' | 'failed';
  last_error: string | null;
}

export interface QueuedMessage {
  id: string;
  virtual_server_id: string;
  sender: string;
  recipients: Recipient[];
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  received_at: string;
  next_attempt_at: string;
  attempts: number;
  last_error: string | null;
  state: 'fresh' | 'deferred';
}

export interface DeadLetter {
  id: string;
  virtual_server_id: string;
  sender: string;
  recipients: Recipient[];
  size: number;
  reason: string;
  reason_class: string;
  received_at: string;
  dead_at: string;
  expires_at: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
}

export interface Items<T> {
  items: T[];
  total?: number;
}
