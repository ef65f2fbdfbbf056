// The writes of one SQLite config transaction; the owning store begins and commits it.
import type { ConfigTransaction, ObjectKind, StoredObject, TokenRecord, AuditRecord } from '../config-store.ts';
import { SqliteConfigReads } from './sqlite-config-reads.ts';
import type { Database } from 'better-sqlite3';

/** Valid only between the store's BEGIN and COMMIT/ROLLBACK; `changed` tells the store to bump the config version. */
export class SqliteConfigTransaction extends SqliteConfigReads implements ConfigTransaction {
  changed = false;

  constructor(db: Database, private readonly nextVersion: number) {
    super(db);
  }

  async put(object: Omit<StoredObject, 'version'>): Promise<number> {
    this.db.prepare(`INSERT INTO config_objects (kind, id, parent_id, doc, secrets, version) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, id) DO UPDATE SET parent_id = excluded.parent_id, doc = excluded.doc,
        secrets = excluded.secrets, version = excluded.version`)
      .run(object.kind, object.id, object.parentId, JSON.stringify(object.doc), JSON.stringify(object.secrets), this.nextVersion);
    this.logChange(object.kind, object.id);
    this.changed = true;
    return this.nextVersion;
  }

  async delete(kind: ObjectKind, id: string): Promise<boolean> {
    const removed = this.db.prepare('DELETE FROM config_objects WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
    this.db.prepare('DELETE FROM object_managers WHERE kind = ? AND id = ?').run(kind, id);
    if (removed) this.logChange(kind, id);
    this.changed ||= removed;
    return removed;
  }

  /** Every changing commit logs at least one object: changesSince tells a missing commit from one that changed nothing. */
  private logChange(kind: ObjectKind, id: string): void {
    this.db.prepare('INSERT OR IGNORE INTO config_changes (version, kind, id) VALUES (?, ?, ?)').run(this.nextVersion, kind, id);
  }

  async markManaged(kind: ObjectKind, id: string, manager: string): Promise<void> {
    this.db.prepare(`INSERT INTO object_managers (kind, id, managed_by) VALUES (?, ?, ?)
      ON CONFLICT (kind, id) DO UPDATE SET managed_by = excluded.managed_by`).run(kind, id, manager);
  }

  async putToken(token: TokenRecord): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO api_tokens (hash, account_id, expires_at) VALUES (?, ?, ?)')
      .run(token.hash, token.accountId, token.expiresAt);
  }

  async hasAdminToken(): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM api_tokens WHERE account_id IS NULL LIMIT 1').get() !== undefined;
  }

  async deleteTokens(accountId: string | null): Promise<void> {
    if (accountId === null) this.db.prepare('DELETE FROM api_tokens WHERE account_id IS NULL').run();
    else this.db.prepare('DELETE FROM api_tokens WHERE account_id = ?').run(accountId);
  }

  async deleteToken(hash: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_tokens WHERE hash = ?').run(hash).changes > 0;
  }

  async purgeExpiredTokens(now: Date): Promise<number> {
    // ISO-8601 UTC strings of one format order like the times they name.
    return this.db.prepare('DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now.toISOString()).changes;
  }

  async appendAudit(entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<void> {
    this.db.prepare(`INSERT INTO audit_log (at, actor, action, object_type, object_id, before, after)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(new Date().toISOString(), entry.actor, entry.action, entry.object_type,
      entry.object_id, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null));
  }
}
