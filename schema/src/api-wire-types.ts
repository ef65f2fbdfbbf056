// The management API's queue, dead-letter, audit, listener-status and relay-check answers as JSON: one declaration for the relay and every client of it.
//
// Types only, nothing that runs: the web console (browser) imports them as well as the operator CLI and the provider.
// The relay's OpenAPI schemas of the same objects (relay-service/src/api/document-schemas.ts) list exactly these members.

/** A page of a listing; `total` where the route counts every match (GET /v1/queue). */
export interface ItemsJson<T> {
  items: T[];
  total?: number;
}

/** One envelope recipient and how it stands. */
export interface RecipientJson {
  address: string;
  status: 'pending' | 'delivered' | 'failed';
  /** The last SMTP reply or local error for this recipient. */
  last_error: string | null;
}

/** The envelope as the relay accepted it: what a queued message and a dead letter share (AcceptedEnvelope in the relay). */
export interface AcceptedEnvelopeJson {
  /** The queue id: the one the client was told in the 250 reply (a dead letter keeps it). */
  id: string;
  virtual_server_id: string;
  /** Envelope sender; "" is the null sender. */
  sender: string;
  recipients: RecipientJson[];
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  received_at: string;
}

/** A queued message as GET /v1/queue and GET /v1/queue/{id} return it (QueuedMessage in /v1/openapi.json); times are RFC 3339. */
export interface QueuedMessageJson extends AcceptedEnvelopeJson {
  next_attempt_at: string;
  attempts: number;
  last_error: string | null;
  /** fresh = never tried; deferred = waiting for a retry. */
  state: 'fresh' | 'deferred';
  delay_notified: boolean;
  smtputf8: boolean;
  body: '7BIT' | '8BITMIME' | null;
  dead_letter_notice: boolean;
  /** Present only when the stored envelope is damaged: why. */
  unreadable?: string;
}

/** A dead letter as GET /v1/dead-letters and GET /v1/dead-letters/{id} return it (DeadLetter in /v1/openapi.json); its recipients as they ended, the undelivered ones `failed`. */
export interface DeadLetterJson extends AcceptedEnvelopeJson {
  reason: string;
  reason_class: 'null_sender_failed' | 'null_sender_expired' | 'unreadable';
  dead_at: string;
  /** The entry is deleted then. */
  expires_at: string;
}

/** An entry of GET /v1/audit-log (AuditEntry in /v1/openapi.json); secrets in `before` and `after` are "[redacted]". */
export interface AuditEntryJson {
  seq: number;
  at: string;
  /** "admin", "smtp" or the account (DOMAIN\name). */
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
}

/** One data-plane process's listener for a virtual server. */
export interface NodeListenerStatusJson {
  node_id: string;
  state: 'starting' | 'listening' | 'failed';
  bind_address: string | null;
  port: number | null;
  /** Why the listener is not running (while `failed`): the OS error code or CERTIFICATE_UNAVAILABLE, and a sentence. */
  error: { code: string; message: string } | null;
  since: string | null;
  failed_attempts: number;
  next_attempt_at: string | null;
}

/** GET /v1/virtual-servers/{id}/status, and each virtual server's `listener` in GET /v1/status. */
export interface ListenerStatusJson {
  virtual_server_id: string;
  enabled: boolean;
  listener_state: 'disabled' | NodeListenerStatusJson['state'];
  nodes: NodeListenerStatusJson[];
}

/** What POST /v1/relay-check answers: the reply the listener would send (relayCheckDecisionSchema, schemas/relay-check-schema.ts). */
export interface RelayCheckDecisionJson {
  decision: 'accept' | 'reject';
  smtp_code: number;
  enhanced_status: string;
  reason: string;
}
