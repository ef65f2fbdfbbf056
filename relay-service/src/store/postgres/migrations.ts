// Versioned schema migrations of the PostgreSQL relay database (config and queue tables), applied at start-up.
import type pg from 'pg';

/** Index + 1 = schema version. Append only: never edit a migration that has shipped. */
const migrations: string[] = [
  `CREATE TABLE config_meta (id integer PRIMARY KEY CHECK (id = 1), config_version integer NOT NULL);
   INSERT INTO config_meta (id, config_version) VALUES (1, 0);
   CREATE TABLE config_objects (
     seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
     kind text NOT NULL, id text NOT NULL, parent_id text, doc json NOT NULL, secrets json NOT NULL,
     version integer NOT NULL, PRIMARY KEY (kind, id));
   CREATE INDEX config_objects_parent ON config_objects (kind, parent_id);
   CREATE TABLE api_tokens (hash text PRIMARY KEY, account_id text, expires_at timestamptz);
   CREATE INDEX api_tokens_account ON api_tokens (account_id);
   CREATE TABLE audit_log (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL,
     action text NOT NULL, object_type text NOT NULL, object_id text NOT NULL, before json, after json);
   CREATE INDEX audit_log_object ON audit_log (object_id, seq);
   CREATE TABLE queue_messages (
     id text PRIMARY KEY,
     virtual_server_id text NOT NULL,
     sender text NOT NULL,
     recipients json NOT NULL,
     size integer NOT NULL,
     client_ip text NOT NULL,
     authenticated_as text,
     received_at timestamptz NOT NULL,
     next_attempt_at timestamptz NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     last_error text,
     state text NOT NULL CHECK (state IN ('fresh', 'deferred')),
     delay_notified boolean NOT NULL DEFAULT false,
     lease_owner text,
     lease_expires_at timestamptz);
   -- Fresh and deferred mail are kept apart: each claim walks one state in due order.
   CREATE INDEX queue_messages_due ON queue_messages (state, next_attempt_at);
   CREATE INDEX queue_messages_server ON queue_messages (virtual_server_id, received_at);
   CREATE INDEX queue_messages_lease_owner ON queue_messages (lease_owner) WHERE lease_owner IS NOT NULL;
   -- Bodies live apart from the envelope rows so scans and claims stay small.
   CREATE TABLE queue_data (id text PRIMARY KEY REFERENCES queue_messages (id) ON DELETE CASCADE, data bytea NOT NULL);`,
  // A value sealed with the first node's secret key: every node must be able to open it (see secret-key-check.ts).
  'CREATE TABLE secret_key_check (id integer PRIMARY KEY CHECK (id = 1), sealed text NOT NULL);',
  // MAIL FROM's SMTPUTF8 and BODY parameters (RFC 6531, RFC 6152), which delivery needs to choose and refuse next hops.
  // Mail queued before has neither: the defaults are what such mail was (no SMTPUTF8, no BODY).
  `ALTER TABLE queue_messages ADD COLUMN smtputf8 boolean NOT NULL DEFAULT false,
     ADD COLUMN body text CHECK (body IN ('7BIT', '8BITMIME'));`,
  // The dead-letter store: mail that could be neither delivered nor reported, kept with its data until it expires.
  // Notices about dead letters are marked so that one that fails is not dead-lettered again.
  `ALTER TABLE queue_messages ADD COLUMN dead_letter_notice boolean NOT NULL DEFAULT false;
   CREATE TABLE dead_letters (
     id text PRIMARY KEY,
     virtual_server_id text NOT NULL,
     sender text NOT NULL,
     recipients json NOT NULL,
     size integer NOT NULL,
     client_ip text NOT NULL,
     authenticated_as text,
     reason text NOT NULL,
     reason_class text NOT NULL,
     received_at timestamptz NOT NULL,
     dead_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     data bytea NOT NULL);
   CREATE INDEX dead_letters_expiry ON dead_letters (expires_at);`,
  // Which tool (Terraform) manages a configuration object: metadata beside the document, so neither it nor its version changes.
  'CREATE TABLE object_managers (kind text NOT NULL, id text NOT NULL, managed_by text NOT NULL, PRIMARY KEY (kind, id));',
  // Per-minute traffic statistics (store/traffic-stats.ts): one row per minute, virtual server and node (or worker
  // process), added to by that node alone; reads sum over nodes.
  `CREATE TABLE traffic_minutes (
     minute timestamptz NOT NULL,
     virtual_server_id text NOT NULL,
     node_id text NOT NULL,
     accepted integer NOT NULL DEFAULT 0,
     delivered integer NOT NULL DEFAULT 0,
     deferred integer NOT NULL DEFAULT 0,
     bounced integer NOT NULL DEFAULT 0,
     queue_size integer,
     PRIMARY KEY (minute, virtual_server_id, node_id));`,
  // Per-minute rate limit counters shared by every node (rate-counter-store.ts): UNLOGGED, so no WAL per count; a
  // server crash empties the table, forgetting at most the current minute.
  'CREATE UNLOGGED TABLE rate_counters (key text NOT NULL, minute bigint NOT NULL, count integer NOT NULL, PRIMARY KEY (key, minute));',
  // Refusals by a rate limit or max_connections_per_ip per minute; minutes counted before read as 0.
  'ALTER TABLE traffic_minutes ADD COLUMN rate_limited integer NOT NULL DEFAULT 0;',
  // The change log: which objects each changing commit wrote or deleted, so a node reads only what changed since it
  // last read (ConfigReads.changesSince). Empty at first: commits before it are not in it, and readers read everything.
  'CREATE TABLE config_changes (version integer NOT NULL, kind text NOT NULL, id text NOT NULL, PRIMARY KEY (version, kind, id));',
];

/** The schema version migratePostgresSchema leaves a database at. */
export const postgresSchemaVersion = migrations.length;

/** Key of the transaction-level advisory lock that makes nodes starting at once migrate one after the other. */
const migrationLock = 0x52454c4159; // "RELAY"

/**
 * Applies every migration newer than the database's recorded version in one transaction, holding an
 * advisory lock so that concurrent starters wait and then find the work done. Returns the schema version.
 */
export async function migratePostgresSchema(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    let current = rows[0].version ?? 0;
    if (current > migrations.length) {
      throw new Error(`database schema version ${current} is newer than this relay knows (${migrations.length})`);
    }
    for (; current < migrations.length; current++) {
      await client.query(migrations[current]);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [current + 1]);
    }
    await client.query('COMMIT');
    return current;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
