// Config store reads in SQL for PostgreSQL, over whatever runs them (a snapshot batch, or an open transaction).
import { currentDocument } from '@relayform/schema/current-document.ts';
import { changesFromLog } from '../change-log.ts';
import type { ConfigChanges, ConfigReads, ObjectKind, ObjectVersion, StoredObject, TokenRecord } from '../config-store.ts';
import type { Queryable } from './postgres-pool.ts';

interface ObjectRow {
  kind: ObjectKind;
  id: string;
  parent_id: string | null;
  doc: Record<string, unknown>;
  secrets: Record<string, string>;
  version: number;
}

const objectColumns = 'kind, id, parent_id, doc, secrets, version';

function toObject(row: ObjectRow): StoredObject {
  return { kind: row.kind, id: row.id, parentId: row.parent_id, doc: currentDocument(row.kind, row.doc), secrets: row.secrets, version: row.version };
}

/** Hands a query to the connection it must run on and resolves with its result. */
export type ReadRunner = <T>(query: (db: Queryable) => Promise<T>) => Promise<T>;

/** ConfigReads whose statements go through `run`: what they see is decided by the connection it picks. */
export class PostgresConfigReads implements ConfigReads {
  constructor(protected readonly run: ReadRunner) {}

  async configVersion(): Promise<number> {
    return this.run(async (db) => (await db.query<{ config_version: number }>('SELECT config_version FROM config_meta')).rows[0].config_version);
  }

  async get(kind: ObjectKind, id: string): Promise<StoredObject | null> {
    const { rows } = await this.run((db) => db.query<ObjectRow>(`SELECT ${objectColumns} FROM config_objects WHERE kind = $1 AND id = $2`, [kind, id]));
    return rows[0] ? toObject(rows[0]) : null;
  }

  async list(kind: ObjectKind, filter: { parentId?: string } = {}): Promise<StoredObject[]> {
    const { rows } = await this.run((db) => (filter.parentId === undefined
      ? db.query<ObjectRow>(`SELECT ${objectColumns} FROM config_objects WHERE kind = $1 ORDER BY seq`, [kind])
      : db.query<ObjectRow>(`SELECT ${objectColumns} FROM config_objects WHERE kind = $1 AND parent_id = $2 ORDER BY seq`, [kind, filter.parentId])));
    return rows.map(toObject);
  }

  async listVersions(kind: ObjectKind): Promise<ObjectVersion[]> {
    const { rows } = await this.run((db) => db.query<{ id: string; parent_id: string | null; version: number; seq: string }>(
      'SELECT id, parent_id, version, seq FROM config_objects WHERE kind = $1 ORDER BY seq', [kind]));
    return rows.map((row) => ({ id: row.id, parentId: row.parent_id, version: Number(row.version), position: Number(row.seq) }));
  }

  async changesSince(after: number): Promise<ConfigChanges | null> {
    // One statement, so one snapshot: the version and the log as of the same commit (one row even when nothing changed).
    const { rows } = await this.run((db) => db.query<{ config_version: number; changed_in: number | null; seq: string | null } & ObjectRow>(
      `SELECT m.config_version, c.version AS changed_in, c.kind, c.id, o.seq, o.parent_id, o.doc, o.secrets, o.version
       FROM config_meta m LEFT JOIN config_changes c ON c.version > $1
       LEFT JOIN config_objects o ON o.kind = c.kind AND o.id = c.id`, [after]));
    return changesFromLog(after, rows[0].config_version, rows.filter((row) => row.changed_in !== null).map((row) => ({
      changedIn: row.changed_in!, kind: row.kind, id: row.id,
      now: row.seq === null ? null : { object: toObject(row), position: Number(row.seq) },
    })));
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.run((db) => db.query<{ hash: string; account_id: string | null; expires_at: Date | null }>(
      'SELECT hash, account_id, expires_at FROM api_tokens WHERE hash = $1', [hash]));
    const row = rows[0];
    return row ? { hash: row.hash, accountId: row.account_id, expiresAt: row.expires_at?.toISOString() ?? null } : null;
  }

  async managers(kind: ObjectKind, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.run((db) => db.query<{ id: string; managed_by: string }>(
      'SELECT id, managed_by FROM object_managers WHERE kind = $1 AND id = ANY($2)', [kind, ids]));
    return new Map(rows.map((row) => [row.id, row.managed_by]));
  }
}
