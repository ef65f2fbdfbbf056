// Schema of the SQLite queue database (<data-dir>/queue.sqlite), versioned with PRAGMA user_version.
import type { Database } from 'better-sqlite3';

/** Index + 1 = schema version. Append only: never edit a migration that has shipped. */
const migrations: string[] = [
  `CREATE TABLE queue_messages (
     id TEXT PRIMARY KEY,
     virtual_server_id TEXT NOT NULL,
     sender TEXT NOT NULL,
     recipients TEXT NOT NULL,
     size INTEGER NOT NULL,
     client_ip TEXT NOT NULL,
     authenticated_as TEXT,
     received_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     state TEXT NOT NULL CHECK (state IN ('fresh', 'deferred')),
     delay_notified INTEGER NOT NULL DEFAULT 0,
     lease_owner TEXT,
     lease_expires_at INTEGER);
   -- Fresh and deferred mail are kept apart: each claim walks one state in due order.
   CREATE INDEX queue_messages_due ON queue_messages (state, next_attempt_at);
   CREATE INDEX queue_messages_server ON queue_messages (virtual_server_id, received_at);
   -- Bodies live apart from the envelope rows so scans over the queue stay small.
   CREATE TABLE queue_data (id TEXT PRIMARY KEY, data BLOB NOT NULL);`,
  // Fewer pages written per queued message (each one a WAL frame to write and fsync, on enqueue and again on removal):
  // the envelope rows keyed by their id alone (WITHOUT ROWID: no separate primary-key index), and no index by
  // virtual server, which no query used (a listing filtered by server scans the envelope rows anyway).
  `CREATE TABLE queue_messages_v2 (
     id TEXT PRIMARY KEY,
     virtual_server_id TEXT NOT NULL,
     sender TEXT NOT NULL,
     recipients TEXT NOT NULL,
     size INTEGER NOT NULL,
     client_ip TEXT NOT NULL,
     authenticated_as TEXT,
     received_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     state TEXT NOT NULL CHECK (state IN ('fresh', 'deferred')),
     delay_notified INTEGER NOT NULL DEFAULT 0,
     lease_owner TEXT,
     lease_expires_at INTEGER) WITHOUT ROWID;
   INSERT INTO queue_messages_v2 SELECT id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as, received_at,
     next_attempt_at, attempts, last_error, state, delay_notified, lease_owner, lease_expires_at FROM queue_messages;
   DROP TABLE queue_messages;
   ALTER TABLE queue_messages_v2 RENAME TO queue_messages;
   CREATE INDEX queue_messages_due ON queue_messages (state, next_attempt_at);`,
  // MAIL FROM's SMTPUTF8 and BODY parameters (RFC 6531, RFC 6152), which delivery needs to choose and refuse next hops.
  // Mail queued before has neither: the defaults are what such mail was (no SMTPUTF8, no BODY).
  `ALTER TABLE queue_messages ADD COLUMN smtputf8 INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE queue_messages ADD COLUMN body TEXT CHECK (body IN ('7BIT', '8BITMIME'));`,
  // The dead-letter store: mail that could be neither delivered nor reported, kept with its data until it expires.
  // Notices about dead letters are marked so that one that fails is not dead-lettered again.
  `ALTER TABLE queue_messages ADD COLUMN dead_letter_notice INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE dead_letters (
     id TEXT PRIMARY KEY,
     virtual_server_id TEXT NOT NULL,
     sender TEXT NOT NULL,
     recipients TEXT NOT NULL,
     size INTEGER NOT NULL,
     client_ip TEXT NOT NULL,
     authenticated_as TEXT,
     reason TEXT NOT NULL,
     reason_class TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     dead_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     data BLOB NOT NULL);
   CREATE INDEX dead_letters_expiry ON dead_letters (expires_at);`,
  // Per-minute traffic statistics (store/traffic-stats.ts): one row per minute (ms since the epoch), virtual server and
  // node (or worker process), added to by that node alone; reads sum over nodes.
  `CREATE TABLE traffic_minutes (
     minute INTEGER NOT NULL,
     virtual_server_id TEXT NOT NULL,
     node_id TEXT NOT NULL,
     accepted INTEGER NOT NULL DEFAULT 0,
     delivered INTEGER NOT NULL DEFAULT 0,
     deferred INTEGER NOT NULL DEFAULT 0,
     bounced INTEGER NOT NULL DEFAULT 0,
     queue_size INTEGER,
     PRIMARY KEY (minute, virtual_server_id, node_id)) WITHOUT ROWID;`,
  // The messages under a lease, by owner (as on PostgreSQL): at most the active window per node, so releaseLeases at
  // start-up reads those instead of scanning every queued message before the listeners open (50,000 queued: ~0.6 s).
  `CREATE INDEX queue_messages_lease_owner ON queue_messages (lease_owner) WHERE lease_owner IS NOT NULL;`,
  // Refusals by a rate limit or max_connections_per_ip per minute; minutes counted before read as 0.
  'ALTER TABLE traffic_minutes ADD COLUMN rate_limited INTEGER NOT NULL DEFAULT 0;',
];

/** The schema version prepareQueueDatabase leaves a queue file at. */
export const queueSchemaVersion = migrations.length;

/** Opens the pragmas the queue relies on and applies pending migrations. */
export function prepareQueueDatabase(db: Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit only writes the WAL; the queue store fsyncs it (wal-sync.ts) before an enqueue resolves.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`queue schema version ${current} is newer than this relay knows (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
