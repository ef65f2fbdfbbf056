// Versioned schema migrations of the SQLite config store, applied in order at open.
import type { Database } from 'better-sqlite3';

/** Index + 1 = schema version. Append only: never edit a migration that has shipped. */
const migrations: string[] = [
  `CREATE TABLE config_meta (id INTEGER PRIMARY KEY CHECK (id = 1), config_version INTEGER NOT NULL);
   INSERT INTO config_meta (id, config_version) VALUES (1, 0);
   CREATE TABLE config_objects (
     kind TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT, doc TEXT NOT NULL, secrets TEXT NOT NULL,
     version INTEGER NOT NULL, PRIMARY KEY (kind, id));
   CREATE INDEX config_objects_parent ON config_objects (kind, parent_id);
   CREATE TABLE api_tokens (hash TEXT PRIMARY KEY, account_id TEXT, expires_at TEXT);
   CREATE INDEX api_tokens_account ON api_tokens (account_id);
   CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
     object_type TEXT NOT NULL, object_id TEXT NOT NULL, before TEXT, after TEXT);
   CREATE INDEX audit_log_object ON audit_log (object_id, seq);`,
  // Which tool (Terraform) manages an object: metadata beside the document, so neither the document nor its version changes.
  'CREATE TABLE object_managers (kind TEXT NOT NULL, id TEXT NOT NULL, managed_by TEXT NOT NULL, PRIMARY KEY (kind, id));',
  // The change log: which objects each changing commit wrote or deleted, so a reader reads only what changed since it
  // last read (ConfigReads.changesSince). Empty at first: commits before it are not in it, and readers read everything.
  `CREATE TABLE config_changes (version INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
     PRIMARY KEY (version, kind, id)) WITHOUT ROWID;`,
];

/** Applies every migration newer than the database's recorded version, each in its own transaction. Returns the version. */
export function migrateConfigSchema(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  let current = row.version ?? 0;
  if (current > migrations.length) {
    throw new Error(`config store schema version ${current} is newer than this relay knows (${migrations.length})`);
  }
  for (; current < migrations.length; current++) {
    db.transaction(() => {
      db.exec(migrations[current]);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(current + 1, new Date().toISOString());
    })();
  }
  return current;
}
