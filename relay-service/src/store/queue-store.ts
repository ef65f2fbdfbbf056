// The durable mail queue: the narrow hand-off between receiving (smtp/) and delivering (delivery/).
import { randomUUID } from 'node:crypto';
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

/** The envelope as the relay accepted it: what a queued message and a dead letter share. */
export type AcceptedEnvelope = Pick<QueuedMessage,
  'id' | 'virtual_server_id' | 'sender' | 'recipients' | 'size' | 'client_ip' | 'authenticated_as' | 'received_at'>;

/**
 * A message the relay accepted that could be neither delivered nor reported to its sender (IIS's "badmail"):
 * kept with its raw data until `expires_at`, then swept. It keeps the envelope it had in the queue: `id` is the queue
 * id its client was told; every recipient carries its final status, the undelivered ones `failed`.
 */
export interface DeadLetter extends AcceptedEnvelope {
  /** The last SMTP reply or local error that made delivery impossible. */
  reason: string;
  reason_class: DeadLetterReasonClass;
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

/**
 * The stored form of a message enqueued now (what every store writes): its own id or a new random one, every recipient
 * pending, due at once. Throws when it has no recipient.
 */
export function freshMessage(message: NewMessage, size: number): QueuedMessage {
  if (message.recipients.length === 0) throw new Error('a queued message needs at least one recipient');
  const receivedAt = new Date();
  return {
    id: message.id ?? randomUUID(), virtual_server_id: message.virtual_server_id, sender: message.sender,
    recipients: message.recipients.map((address) => ({ address, status: 'pending', last_error: null })),
    size, client_ip: message.client_ip, authenticated_as: message.authenticated_as, received_at: receivedAt, next_attempt_at: receivedAt,
    attempts: 0, last_error: null, state: 'fresh', delay_notified: false, smtputf8: message.smtputf8 ?? false, body: message.body ?? null,
    dead_letter_notice: message.dead_letter_notice ?? false,
  };
}

/** How the caller of an enqueue waits. */
export interface EnqueueOptions {
  /**
   * Nothing else of this process waits for the event loop (the enqueuing SMTP session is the only one, no delivery
   * runs): a store may wait for the disk on the event loop instead of handing the wait to a thread, which spares a
   * lone message a thread wake-up or two. A hint; a store without that choice ignores it.
   */
  alone?: boolean;
}

/**
 * Implemented once per store engine (SQLite, PostgreSQL) and checked by one conformance suite.
 * Leases make claims safe when several relay nodes share one queue.
 */
export interface QueueStore {
  /** The per-minute traffic statistics, kept beside the queue (in its database) by the same engine. */
  readonly traffic: TrafficStatsStore;
  /** Resolves only after the message and its data are durable (committed and synced). */
  enqueue(message: NewMessage, data: Buffer): Promise<string>;
  /**
   * Like enqueue (durable before it resolves), but the message is stored already claimed by `owner` for
   * `leaseMs`: the node that received it delivers it from memory instead of claiming it back from the store.
   * Returns the message as stored.
   */
  enqueueClaimed(message: NewMessage, data: Buffer, owner: string, leaseMs: number, options?: EnqueueOptions): Promise<QueuedMessage>;
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
