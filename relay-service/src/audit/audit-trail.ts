// Writes audit log entries with every secret redacted: inside the change's own transaction, or after a change made in another store.
import type { Logger } from '../logger.ts';
import type { AuditRecord, ConfigStore, ConfigTransaction } from '../store/config-store.ts';

/** What replaces a secret in the audit log: shows that it was set, never what it was. */
export const redacted = '[redacted]';

/** A copy of `value` where every `*_wo` member (write-only secret) is replaced by the redaction marker. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) =>
    [key, key.endsWith('_wo') ? redacted : redactSecrets(member)]));
}

/** Marks in `doc` (a copy) each secret path written by this change, e.g. password_wo: "[redacted]". */
export function markSecretsWritten(doc: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const path of paths) {
    let node: Record<string, unknown> = copy;
    for (const segment of path.slice(0, -1)) {
      if (typeof node[segment] !== 'object' || node[segment] === null) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = redacted;
  }
  return copy;
}

/** Appends one entry in `tx`, so the entry commits if and only if the change does. */
export async function recordAudit(tx: ConfigTransaction, entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<void> {
  await tx.appendAudit({ ...entry, before: redactSecrets(entry.before), after: redactSecrets(entry.after) });
}

/**
 * Appends one entry in a transaction of its own, for a change already made in another store (mail deleted from the queue
 * store, a lock-out in the AUTH throttle), which no audit failure can undo. So a failed write does not reject: the
 * change is reported as done, and the failure is logged at error level with the entry (objects named by id only, secrets
 * redacted), which keeps the record. Resolves once the entry is written or the failure logged.
 */
export async function recordAuditAfter(store: ConfigStore, logger: Logger, entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<void> {
  try {
    await store.transaction((tx) => recordAudit(tx, entry));
  } catch (error) {
    const audit_entry = { ...entry, before: redactSecrets(entry.before), after: redactSecrets(entry.after) };
    logger.error({ err: error, audit_entry }, 'audit entry not written; the change it records was made');
  }
}
