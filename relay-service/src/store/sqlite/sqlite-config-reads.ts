// Config store reads over one better-sqlite3 connection (shared by committed reads and open transactions).
import type { Database } from 'better-sqlite3';
import { currentDocument } from '@relayform/schema/current-document.ts';
import { changesFromLog } from '../change-log.ts';
import type { ConfigChanges, ConfigReads, ObjectKind, ObjectVersion, StoredObject, TokenRecord } from '../config-store.ts';

interface ObjectRow {
  kind: ObjectKind;
  id: string;
  parent_id: string | null;
  doc: string;
  secrets: string;
  version: number;
}

function toObject(row: ObjectRow): StoredObject {
  return {
    kind: row.kind, id: row.id, parentId: row.parent_id,
    doc: currentDocument(row.kind, JSON.parse(row.doc)), secrets: JSON.parse(row.secrets), version: row.version,
  };
}

/** ConfigReads on `db`; what it sees depends on that connection (committed state, or its own open transaction). */
export class SqliteConfigReads implements ConfigReads {
  constructor(protected readonly db: Database) {}

  async configVersion(): Promise<number> {
    return (this.db.prepare('SELECT config_version FROM config_meta').get() as { config_version: number }).config_version;
  }

  async get(kind: ObjectKind, id: string): Promise<StoredObject | null> {
    const row = this.db.prepare('SELECT * FROM config_objects WHERE kind = ? AND id = ?').get(kind, id) as ObjectRow | undefined;
    return row ? toObject(row) : null;
  }

  async list(kind: ObjectKind, filter: { parentId?: string } = {}): Promise<StoredObject[]> {
    const rows = filter.parentId === undefined
      ? this.db.prepare('SELECT * FROM config_objects WHERE kind = ? ORDER BY rowid').all(kind)
      : this.db.prepare('SELECT * FROM config_objects WHERE kind = ? AND parent_id = ? ORDER BY rowid').all(kind, filter.parentId);
    return (rows as ObjectRow[]).map(toObject);
  }

  async listVersions(kind: ObjectKind): Promise<ObjectVersion[]> {
    const rows = this.db.prepare('SELECT id, parent_id, version, rowid AS position FROM config_objects WHERE kind = ? ORDER BY rowid').all(kind) as
      Array<{ id: string; parent_id: string | null; version: number; position: number }>;
    return rows.map((row) => ({ id: row.id, parentId: row.parent_id, version: row.version, position: row.position }));
  }

  async changesSince(after: number): Promise<ConfigChanges | null> {
    // One read transaction: the version and the log as of the same commit.
    return this.db.transaction(() => {
      const version = (this.db.prepare('SELECT config_version FROM config_meta').get() as { config_version: number }).config_version;
      const rows = this.db.prepare(`SELECT c.version AS changed_in, c.kind, c.id, o.rowid AS position, o.parent_id, o.doc, o.secrets, o.version
        FROM config_changes c LEFT JOIN config_objects o ON o.kind = c.kind AND o.id = c.id WHERE c.version > ?`).all(after) as
        Array<{ changed_in: number; kind: ObjectKind; id: string; position: number | null } & Partial<ObjectRow>>;
      return changesFromLog(after, version, rows.map((row) => ({
        changedIn: row.changed_in, kind: row.kind, id: row.id,
        now: row.position === null ? null : { object: toObject(row as ObjectRow), position: row.position },
      })));
    }).deferred();
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const row = this.db.prepare('SELECT hash, account_id, expires_at FROM api_tokens WHERE hash = ?').get(hash) as
      { hash: string; account_id: string | null; expires_at: string | null } | undefined;
    return row ? { hash: row.hash, accountId: row.account_id, expiresAt: row.expires_at } : null;
  }

  async managers(kind: ObjectKind, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    // The ids as one JSON parameter: a list of thousands of rules stays one statement, within SQLite's variable limit.
    const rows = this.db.prepare('SELECT id, managed_by FROM object_managers WHERE kind = ? AND id IN (SELECT value FROM json_each(?))')
      .all(kind, JSON.stringify(ids)) as Array<{ id: string; managed_by: string }>;
    return new Map(rows.map((row) => [row.id, row.managed_by]));
  }
}
