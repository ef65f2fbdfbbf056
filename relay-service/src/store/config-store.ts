// The configuration store contract: versioned documents, tokens and the audit log, behind one async interface.

/** Every kind of configuration object the store holds. */
export type ObjectKind =
  | 'virtual_server' | 'account' | 'operator' | 'certificate' | 'connection_rule' | 'relay_rule' | 'remote_domain' | 'directory';

/** One configuration object: its public document plus its secrets, which never leave through a read of `doc`. */
export interface StoredObject {
  kind: ObjectKind;
  id: string;
  /** The virtual server a child object belongs to; null for top-level objects. */
  parentId: string | null;
  /** The public document (defaults filled, no `*_wo` field). */
  doc: Record<string, unknown>;
  /** Hashes and ciphertexts by name (e.g. password_hash, password_encrypted); never served. */
  secrets: Record<string, string>;
  /** The config version of the commit that last wrote this object; the API's ETag. */
  version: number;
}

/** A hashed bearer token: the admin token or one issued to an account. */
export interface TokenRecord {
  hash: string;
  accountId: string | null;
  /** ISO time; null = never expires (the admin token). */
  expiresAt: string | null;
}

/** One audit log entry. `before`/`after` hold public documents with secrets already redacted. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  /**
   * delete_matching: one page of a bulk delete of queued messages (one entry per API call, not per message).
   * replace_list: a virtual server's list of one kind replaced as a whole (object_id the server; before/after the difference).
   */
  action: 'create' | 'update' | 'delete' | 'delete_matching' | 'replace_list' | 'issue_token' | 'revoke_token' | 'auth_lockout';
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
}

/** Reads that see committed state (or, inside a transaction, that transaction's own writes). */
export interface ConfigReads {
  configVersion(): Promise<number>;
  get(kind: ObjectKind, id: string): Promise<StoredObject | null>;
  /** Objects of a kind in creation order, optionally only the children of one virtual server. */
  list(kind: ObjectKind, filter?: { parentId?: string }): Promise<StoredObject[]>;
  /**
   * Id, parent and version of every object of a kind, in creation order, without their documents: what a reader
   * needs to tell which objects changed since it last read them (store-config-reader.ts).
   */
  listVersions(kind: ObjectKind): Promise<ObjectVersion[]>;
  /**
   * What the commits after config version `after` changed, from the change log: every object they wrote or deleted,
   * once, as it is at `version` (the current config version, read in the same consistent read). Null when the log
   * cannot tell: it no longer holds all of those commits (only the last `changeLogCommits` are kept) or never did (a
   * commit by a relay without the log). The reader then reads everything (listVersions). Meant for committed state:
   * inside a transaction its own writes are logged under a version not yet committed, so it answers null there.
   */
  changesSince(after: number): Promise<ConfigChanges | null>;
  findToken(hash: string): Promise<TokenRecord | null>;
  /**
   * Which tool manages each of the objects `ids` of a kind that a tool has marked (markManaged), by object id (unmarked
   * ones are absent): metadata kept beside the documents, so it changes neither an object's document nor its version.
   */
  managers(kind: ObjectKind, ids: string[]): Promise<Map<string, string>>;
}

/** Where one object stands: which object, under which virtual server, written by which commit, and where in creation order. */
export interface ObjectVersion {
  id: string;
  parentId: string | null;
  version: number;
  /** The object's place in its kind's creation order (larger = created later); kept while the object lives, updates included. */
  position: number;
}

/** One object a commit wrote or deleted, as it is now. */
export interface ObjectChange {
  kind: ObjectKind;
  id: string;
  /** The object now with its place in creation order (ObjectVersion.position); null when it no longer exists. */
  now: { object: StoredObject; position: number } | null;
}

/** The objects changed after some config version, as of `version`. */
export interface ConfigChanges {
  version: number;
  changes: ObjectChange[];
}

/**
 * How many of the latest changing commits the change log keeps (each commit prunes what is older): a reader that fell
 * further behind reads everything, which costs no more than that many commits' changes would.
 */
export const changeLogCommits = 1000;

/** Writes inside one transaction; the config version is bumped once at commit if any object changed. */
export interface ConfigTransaction extends ConfigReads {
  /** Inserts or replaces an object; returns the version it will carry (the version this commit creates). */
  put(object: Omit<StoredObject, 'version'>): Promise<number>;
  /** Removes an object, and its manager marker with it; false when it did not exist. */
  delete(kind: ObjectKind, id: string): Promise<boolean>;
  /** Records that `manager` (e.g. "terraform") manages the object; not a config change (no version bump, no change event). */
  markManaged(kind: ObjectKind, id: string, manager: string): Promise<void>;
  putToken(token: TokenRecord): Promise<void>;
  /** True when an admin token (accountId null) is stored; decides the bootstrap inside its transaction. */
  hasAdminToken(): Promise<boolean>;
  /** Removes the admin token(s) (accountId null) or every token of one account. */
  deleteTokens(accountId: string | null): Promise<void>;
  /** Removes the one token with this hash (a revocation); false when none was stored. */
  deleteToken(hash: string): Promise<boolean>;
  /** Removes tokens whose expiry is at or before `now`; returns how many. */
  purgeExpiredTokens(now: Date): Promise<number>;
  appendAudit(entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<void>;
}

/**
 * Implemented once per engine (SQLite now, PostgreSQL later) and checked by config-store.case.ts.
 * Transactions are serializable: two concurrent transactions never interleave their writes.
 */
export interface ConfigStore extends ConfigReads {
  /** Runs `work` atomically: everything commits, or nothing does when it throws (the error propagates). */
  transaction<T>(work: (tx: ConfigTransaction) => Promise<T>): Promise<T>;
  /** Newest first. */
  listAudit(filter: { limit: number; offset: number; objectId?: string }): Promise<AuditRecord[]>;
  /** Calls `listener` after every commit that changed the configuration. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}
