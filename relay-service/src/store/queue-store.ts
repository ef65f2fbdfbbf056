// The durable mail queue: the narrow hand-off between receiving (smtp/) and delivering (delivery/).
import type { TrafficStatsStore } from './traffic-stats.ts';

/** Per-recipient delivery state; a message is finished when no recipient is `pending`. */
export interface QueuedRecipient {
  address: string;
  status: 'pending' | 'delivered' | 'failed';
  /** Last SMTP reply or local error for this recipient. */
  last_error: string | null;
}

export interface QueuedMessage {
  id: string;
  virtual_server_id: string;
  /** Envelope sender; "" is the null sender (no bounce is ever sent for it). */
  sender: string;
  recipients: QueuedRecipient[];
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  received_at: Date;
  next_attempt_at: Date;
  attempts: number;
  last_error: string | null;
  /** fresh = never tried; deferred = failed temporarily, waiting for its next attempt. */
  state: 'fresh' | 'deferred';
  delay_notified: boolean;
  /** MAIL FROM had the SMTPUTF8 parameter (RFC 6531): the envelope or the header fields may be in UTF-8. */
  smtputf8: boolean;
  /** MAIL FROM's BODY parameter (RFC 6152), or null when there was none. */
  body: BodyType | null;
  /** A notice about a dead letter: if it cannot be delivered it is dropped with a log line, never dead-lettered itself (no loops). */
  dead_letter_notice: boolean;
  /**
   * Set only by a store that could not read the stored envelope (its recipients are damaged; `recipients` is then
   * empty): why. Delivery dead-letters such a message instead of trying it, so one damaged row cannot stall the queue.
   */
  unreadable?: string;
}

/** QueueStore.readData found no data for the id: the message was removed, or its entry is damaged (envelope without data). */
export class MessageDataMissing extends Error {
  constructor(readonly id: string) {
    super(`queued message ${id} has no data`);
    this.name = 'MessageDataMissing';
  }
}

/** Which messages a listing, count or bulk operation takes: every member given must match. */
export interface QueueFilter {
  virtual_server_id?: string;
  state?: QueuedMessage['state'];
  /** A recipient still pending at this domain (the part after the last `@`, ASCII case-insensitive). */
  recipient_domain?: string;
}

/** One page of a bulk operation: the matching messages with an id after `after` (null: from the first), by id, at most `limit`. */
export interface BulkPage {
  after: string | null;
  limit: number;
}

/** What a bulk page did: how many messages it changed, and the id to continue after (null: no matching message is left after this page). */
export interface BulkResult {
  affected: number;
  next_after: string | null;
}

/** The values of MAIL FROM's BODY parameter the relay takes (BINARYMIME needs CHUNKING, which it does not offer). */
export type BodyType = '7BIT' | '8BITMIME';

export interface NewMessage {
  /** The id the client was told (`250 ... queued as <id>`, the Received header's id); omitted: a new random one. */
  id?: string;
  virtual_server_id: string;
  sender: string;
  recipients: string[];
  client_ip: string;
  authenticated_as: string | null;
  /** MAIL FROM's SMTPUTF8 parameter; omitted: false. */
  smtputf8?: boolean;
  /** MAIL FROM's BODY parameter; omitted: null (none). */
  body?: BodyType | null;
  /** The relay's own notice about a dead letter; omitted: false. */
  dead_letter_notice?: boolean;
}

/** Why a message went to the dead-letter store: the `reason_class` of entries and of the dead-lettered metric. */
export type DeadLetterReasonClass = 'null_sender_failed' | 'null_sender_expired' | 'unreadable';

/**
 * A message the relay accepted that could be neither delivered nor reported to its sender (IIS's "badmail"):
 * kept with its raw data until `expires_at`, then swept.
 */
export interface DeadLetter {
  /** The queue id the message had (the id its client was told). */
  id: string;
  virtual_server_id: string;
  sender: string;
  /** Every recipient with its final status; the undelivered ones are `failed`. */
  recipients: QueuedRecipient[];
  size: number;
  client_ip: string;
  authenticated_as: string | null;
  /** The last SMTP reply or local error that made delivery impossible. */
  reason: string;
  reason_class: DeadLetterReasonClass;
  received_at: Date;
  dead_at: Date;
  expires_at: Date;
}

/** What the delivery side decided when it moves a message to the dead-letter store. */
export interface DeadLetterVerdict {
  recipients: QueuedRecipient[];
  reason: string;
  reason_class: DeadLetterReasonClass;
  dead_at: Date;
  expires_at: Date;
}

/** The stored form of a message just enqueued at `receivedAt`: every recipient pending, due at once. */
export function freshMessage(id: string, message: NewMessage, size: number, receivedAt: Date): QueuedMessage {
  return {
    id, virtual_server_id: message.virtual_server_id, sender: message.sender,
    recipients: message.recipients.map((address) => ({ address, status: 'pending', last_error: null })),
    size, client_ip: message.client_ip, authenticated_as: message.authenticated_as, received_at: receivedAt, next_attempt_at: receivedAt,
    attempts: 0, last_error: null, state: 'fresh', delay_notified: false, smtputf8: message.smtputf8 ?? false, body: message.body ?? null,
    dead_letter_notice: message.dead_letter_notice ?? false,
  };
}

/**
 * Implemented once per store engine (SQLite, PostgreSQL) and checked by one conformance suite.
 * Leases make claims safe when several relay nodes share one queue. The per-minute traffic statistics live beside it.
 */
export interface QueueStore extends TrafficStatsStore {
  /** Resolves only after the message and its data are durable (committed and synced). */
  enqueue(message: NewMessage, data: Buffer): Promise<string>;
  /**
   * Like enqueue (durable before it resolves), but the message is stored already claimed by `owner` for
   * `leaseMs`: the node that received it delivers it from memory instead of claiming it back from the store.
   * Returns the message as stored.
   */
  enqueueClaimed(message: NewMessage, data: Buffer, owner: string, leaseMs: number): Promise<QueuedMessage>;
  /** Claims up to `limit` messages due at `now` that no live lease holds; fresh before deferred. */
  claimDue(owner: string, now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]>;
  /** Extends the lease of messages this owner holds. */
  renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void>;
  /** Drops every lease `owner` holds; a node calls it once at start so the claims of a crashed previous run are due again at once. Returns how many. */
  releaseLeases(owner: string): Promise<number>;
  /** Rejects with MessageDataMissing when there is no data for `id`. */
  readData(id: string): Promise<Buffer>;
  /** Records an attempt's outcome: updated recipients, next attempt and error; releases the lease. Removes the message when no recipient is pending. */
  recordAttempt(id: string, outcome: { recipients: QueuedRecipient[]; next_attempt_at: Date; last_error: string | null; delay_notified?: boolean }): Promise<void>;
  get(id: string): Promise<QueuedMessage | null>;
  /** Matching messages, oldest first (received_at, then id). */
  list(filter: QueueFilter & { limit: number; offset: number }): Promise<QueuedMessage[]>;
  /** How many messages match `filter` (default: all), by state. */
  count(filter?: QueueFilter): Promise<{ fresh: number; deferred: number }>;
  /** Makes a message due now (management "retry now"). False when it does not exist. */
  retryNow(id: string): Promise<boolean>;
  /** Deletes a message without delivering it. False when it does not exist. */
  remove(id: string): Promise<boolean>;
  /** retryNow for one page of the messages matching `filter` (management bulk retry); pages are ordered by id. */
  retryMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult>;
  /** remove for one page of the messages matching `filter`, durable before it resolves (management bulk delete). */
  removeMatching(filter: QueueFilter, page: BulkPage): Promise<BulkResult>;
  /**
   * Moves a message with its data from the queue to the dead-letter store in one transaction (releasing its lease):
   * it is in exactly one of them at any time. Data that is missing is kept as empty. False when the message is
   * no longer queued (removed meanwhile): nothing is stored then.
   */
  deadLetter(id: string, verdict: DeadLetterVerdict): Promise<boolean>;
  /** Dead letters, oldest first. */
  listDeadLetters(filter: { virtual_server_id?: string; limit: number; offset: number }): Promise<DeadLetter[]>;
  getDeadLetter(id: string): Promise<DeadLetter | null>;
  /** The raw message as it was accepted; rejects when there is no such dead letter. */
  readDeadLetterData(id: string): Promise<Buffer>;
  /** False when it does not exist. */
  removeDeadLetter(id: string): Promise<boolean>;
  /** Deletes every dead letter expired at `now`; idempotent, so any number of nodes may sweep one store. Returns how many. */
  sweepDeadLetters(now: Date): Promise<number>;
  close(): Promise<void>;
}
