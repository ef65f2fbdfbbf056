// The configuration model: every object the management API stores and the data plane enforces.
//
// Field names are the Terraform attribute names (SPEC: "Field names in JSON are the Terraform
// attribute names"). Secrets are write-only: `*_wo` fields are accepted on writes, stored
// (hashed or encrypted), and never appear in any read; the matching `*_wo_version` is returned
// so Terraform can tell when to send a new secret.

/**
 * How the relay protects a session to the next hop (Postfix's smtp_tls_security_level):
 * none = never STARTTLS; opportunistic = STARTTLS when offered, unverified, clear text otherwise ("may");
 * encrypt = STARTTLS required, certificate not checked ("encrypt"); verify = STARTTLS required, chain and
 * host name checked ("secure"/"verify"). For direct MX delivery the recipient domain's DNS decides: dane = the MX
 * host's DNSSEC-validated TLSA records authenticate its certificate, opportunistic without any ("dane", RFC 7672);
 * mta_sts = the domain's MTA-STS policy (RFC 8461): enforce is verify towards the policy's MX hosts only, testing
 * and no policy are opportunistic.
 */
export type TlsPolicy = 'none' | 'opportunistic' | 'encrypt' | 'verify' | 'dane' | 'mta_sts';

/** Outbound security towards a smart host or remote domain (IIS "Outbound Security"). */
export interface OutboundSecurity {
  /**
   * anonymous = no AUTH; basic = AUTH PLAIN/LOGIN; integrated = CRAM-MD5 (never sends the password);
   * oauth2 = XOAUTH2 / OAUTHBEARER with a token from the client-credentials grant at `token_url`.
   */
  authentication: 'anonymous' | 'basic' | 'integrated' | 'oauth2';
  /** AUTH identity; for oauth2 the mailbox the token acts for. */
  username: string | null;
  /** Write-only; present only in write requests. */
  password_wo?: string;
  password_wo_version: number | null;
  /** null = automatic: verify when the route authenticates, opportunistic otherwise (see effectiveTlsPolicy). */
  tls_policy: TlsPolicy | null;
  /** Extra trust anchors (PEM) for verify, besides the system roots; also trusted for the OAuth2 token endpoint. */
  tls_ca_pem: string | null;
  /** With verify: the peer certificate's SHA-256 fingerprint must also be one of these (colon-separated hex). */
  tls_fingerprints_sha256: string[];
  /** Legacy switch: true = at least "encrypt". Kept for documents written before tls_policy. */
  tls: boolean;
  /** OAuth2 token endpoint (https), client id, scope (e.g. https://outlook.office365.com/.default). */
  token_url: string | null;
  client_id: string | null;
  /** Write-only OAuth2 client secret. */
  client_secret_wo?: string;
  client_secret_wo_version: number | null;
  scope: string | null;
}

export interface VirtualServer {
  id: string;
  name: string;
  enabled: boolean;
  /** Listener address. Default 127.0.0.1 (safe); set 0.0.0.0 or :: to listen on all interfaces. */
  bind_address: string;
  port: number;
  /** Name in the banner and EHLO reply; the server fills in the host name when omitted. */
  fqdn: string;
  /** Mail for these domains is written to drop_directory and is never relaying. */
  local_domains: string[];
  /** Where local mail is dropped as .eml; the server fills in <data-dir>/drop/<id> when omitted. */
  drop_directory: string;
  limits: {
    max_message_size_kb: number;
    max_recipients_per_message: number;
    max_connections: number;
    max_messages_per_connection: number;
    connection_timeout_seconds: number;
    /** More `Received:` header fields than this in an incoming message: DATA is refused (554 5.4.6, a routing loop). */
    max_hop_count: number;
    /** Simultaneous connections from one client IP (per relay node, over its worker processes); null = no limit. */
    max_connections_per_ip: number | null;
  };
  /** Per-minute limits (null = none), counted in the shared rate counter store: per client IP, authenticated account, sender domain. */
  rate_limits: {
    messages_per_minute_per_client_ip: number | null;
    recipients_per_minute_per_client_ip: number | null;
    messages_per_minute_per_account: number | null;
    recipients_per_minute_per_account: number | null;
    messages_per_minute_per_sender_domain: number | null;
    recipients_per_minute_per_sender_domain: number | null;
  };
  authentication: {
    anonymous: boolean;
    basic: boolean;
    /** Appended to bare user names in basic auth: "alice" -> "CORP\alice". */
    basic_default_domain: string | null;
    integrated: boolean;
    /** Keytab file on the node; with `integrated`, AUTH GSSAPI is offered. */
    kerberos_keytab_path: string | null;
    /** The acceptor's principal; null = `smtp/<fqdn>`. */
    kerberos_service_principal: string | null;
  };
  tls: {
    certificate_id: string | null;
    require_tls: boolean;
    /** TLS 1.2+ with ciphers of 128-bit strength or more. */
    require_128_bit: boolean;
  };
  connection_control: { mode: 'all_except_listed' | 'only_listed' };
  relay_control: { mode: 'only_listed' | 'all_except_listed'; allow_authenticated: boolean };
  delivery: {
    smart_host: string | null;
    smart_host_port: number;
    /** Replaces the domain of a non-empty envelope sender (MAIL FROM) on relayed mail; null = unchanged. */
    masquerade_domain: string | null;
    outbound_security: OutboundSecurity;
    /** Minutes between attempts; the last interval repeats until expiration_hours. */
    retry_intervals_minutes: number[];
    expiration_hours: number;
    /** A delay DSN is sent once after this many hours undelivered; null = never. */
    delay_notification_hours: number | null;
  };
  ndr: { send_copy_to: string | null };
  /** Mail that can be neither delivered nor returned is kept this long; a notice about each goes to send_notice_to (null sender). */
  dead_letter: { retention_hours: number; send_notice_to: string | null };
}

export interface Account {
  id: string;
  name: string;
  /** The account's domain (Windows-style `DOMAIN\name`); "" for none. */
  domain: string;
  password_wo?: string;
  password_wo_version: number | null;
}

/** A directory (Active Directory / LDAP) whose users authenticate like accounts of `domain`. */
export interface Directory {
  id: string;
  name: string;
  domain: string;
  flavor: 'active_directory' | 'openldap';
  /** Tried in order (failover). */
  urls: string[];
  start_tls: boolean;
  tls_ca_pem: string | null;
  bind_dn: string;
  bind_password_wo?: string;
  bind_password_wo_version: number | null;
  user_search_base: string;
  /** null = the flavor's default (defaultUserFilters). */
  user_filter: string | null;
  group_search_base: string | null;
  max_group_depth: number;
  timeout_seconds: number;
  cache_ttl_seconds: number;
  negative_cache_seconds: number;
}

/** Exactly one of: `account_id`, or `directory_id` with `directory_dn` (a user or a group of that directory). */
export interface Operator {
  id: string;
  virtual_server_id: string;
  account_id?: string;
  directory_id?: string;
  directory_dn?: string;
}

export type KeyAlgorithm = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECDSA_P256' | 'ECDSA_P384';

export interface Certificate {
  id: string;
  name: string;
  /** Generate: subject for the self-signed certificate. Import: read from the certificate. */
  common_name: string;
  subject_alternative_names: string[];
  key_algorithm: KeyAlgorithm;
  validity_days: number;
  /** Input when importing; computed when generated. */
  certificate_pem: string;
  /** Write-only input for import; never returned. */
  private_key_pem_wo?: string;
  private_key_pem_wo_version: number | null;
  fingerprint_sha256: string;
  serial_number: string;
  not_before: string;
  not_after: string;
}

/** One IP access or relay restriction entry: exactly one match form. */
export interface AddressMatch {
  ip_address: string | null;
  subnet_mask: string | null;
  cidr: string | null;
  domain: string | null;
}

export interface ConnectionRule extends AddressMatch {
  id: string;
  virtual_server_id: string;
  description: string;
}

export interface RelayRule extends AddressMatch {
  id: string;
  virtual_server_id: string;
  description: string;
}

export interface RemoteDomain {
  id: string;
  virtual_server_id: string;
  /** Exact domain, or `*.suffix` for every subdomain of suffix. */
  name: string;
  smart_host: string | null;
  smart_host_port: number;
  outbound_security: OutboundSecurity;
  /** Legacy switch: true = at least "encrypt" for this domain, whatever outbound_security says. */
  require_tls: boolean;
  /** Clients may relay to this domain without being on the relay list. */
  allow_incoming_relay: boolean;
}
