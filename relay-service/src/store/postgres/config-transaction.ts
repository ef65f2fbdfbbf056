// The writes of one PostgreSQL config transaction; the owning store begins it, locks the version row and commits it.
import type pg from 'pg';
import type { AuditRecord, ConfigTransaction, ObjectKind, StoredObject, TokenRecord } from '../config-store.ts';
import { PostgresConfigReads } from './config-reads.ts';

/** Valid only between the store's BEGIN and COMMIT/ROLLBACK on `client`; `changed` tells the store to bump the config version. */
export class PostgresConfigTransaction extends PostgresConfigReads implements ConfigTransaction {
  changed = false;

  constructor(private readonly client: pg.PoolClient, private readonly nextVersion: number) {
    super((query) => query(client));
  }

  async put(object: Omit<StoredObject, 'version'>): Promise<number> {
    await this.client.query(`INSERT INTO config_objects (kind, id, parent_id, doc, secrets, version) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (kind, id) DO UPDATE SET parent_id = excluded.parent_id, doc = excluded.doc,
        secrets = excluded.secrets, version = excluded.version`,
    [object.kind, object.id, object.parentId, JSON.stringify(object.doc), JSON.stringify(object.secrets), this.nextVersion]);
    await this.logChange(object.kind, object.id);
    this.changed = true;
    return this.nextVersion;
  }

  async delete(kind: ObjectKind, id: string): Promise<boolean> {
    const removed = ((await this.client.query('DELETE FROM config_objects WHERE kind = $1 AND id = $2', [kind, id])).rowCount ?? 0) > 0;
    await this.client.query('DELETE FROM object_managers WHERE kind = $1 AND id = $2', [kind, id]);
    if (removed) await this.logChange(kind, id);
    this.changed ||= removed;
    return removed;
  }

  /** Every changing commit logs at least one object: changesSince tells a missing commit from one that changed nothing. */
  private async logChange(kind: ObjectKind, id: string): Promise<void> {
    await this.client.query('INSERT INTO config_changes (version, kind, id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [this.nextVersion, kind, id]);
  }

  async markManaged(kind: ObjectKind, id: string, manager: string): Promise<void> {
    await this.client.query(`INSERT INTO object_managers (kind, id, managed_by) VALUES ($1, $2, $3)
      ON CONFLICT (kind, id) DO UPDATE SET managed_by = excluded.managed_by`, [kind, id, manager]);
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.client.query(`INSERT INTO api_tokens (hash, account_id, expires_at) VALUES ($1, $2, $3)
      ON CONFLICT (hash) DO UPDATE SET account_id = excluded.account_id, expires_at = excluded.expires_at`,
    [token.hash, token.accountId, token.expiresAt]);
  }

  async hasAdminToken(): Promise<boolean> {
    return ((await this.client.query('SELECT 1 FROM api_tokens WHERE account_id IS NULL LIMIT 1')).rowCount ?? 0) > 0;
  }

  async deleteTokens(accountId: string | null): Promise<void> {
    if (accountId === null) await this.client.query('DELETE FROM api_tokens WHERE account_id IS NULL');
    else await this.client.query('DELETE FROM api_tokens WHERE account_id = $1', [accountId]);
  }

  async deleteToken(hash: string): Promise<boolean> {
    return ((await this.client.query('DELETE FROM api_tokens WHERE hash = $1', [hash])).rowCount ?? 0) > 0;
  }

  async purgeExpiredTokens(now: Date): Promise<number> {
    return (await this.client.query('DELETE FROM api_tokens WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async appendAudit(entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<void> {
    await this.client.query(`INSERT INTO audit_log (at, actor, action, object_type, object_id, before, after)
      VALUES ($1, $2, $3, $4, $5, $6, $7)`, [new Date(), entry.actor, entry.action, entry.object_type,
      entry.object_id, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null)]);
  }
}
