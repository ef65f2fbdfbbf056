// The admin bootstrap token: set from SMTP_RELAY_ADMIN_TOKEN, or created once for an empty store and written to a 0600 file.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigStore } from '../store/config-store.ts';
import { hashBearerToken, newBearerToken } from './bearer-token.ts';

/** What happened to the admin token at start. */
export type AdminTokenOutcome = { source: 'configured' } | { source: 'generated'; token: string; file: string } | { source: 'kept' };

/**
 * With `configured`, that token replaces any stored admin token (only its hash is stored).
 * Otherwise, when the store has never been written, holds no admin token and no token file exists,
 * a new token is created, its hash stored and the token written to <data-dir>/admin-token (mode 0600).
 * The "no admin token" check and the insert share one transaction, so nodes starting together on one
 * shared store create one admin token, not one each. Otherwise the stored admin token stays as it is.
 */
export async function bootstrapAdminToken(store: ConfigStore, dataDir: string, configured: string | undefined): Promise<AdminTokenOutcome> {
  const replace = (token: string) => store.transaction(async (tx) => {
    await tx.deleteTokens(null);
    await tx.putToken({ hash: hashBearerToken(token), accountId: null, expiresAt: null });
  });
  if (configured) {
    await replace(configured);
    return { source: 'configured' };
  }
  const file = join(dataDir, 'admin-token');
  if ((await store.configVersion()) > 0 || existsSync(file)) return { source: 'kept' };
  const token = newBearerToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  const created = await store.transaction(async (tx) => {
    if (await tx.hasAdminToken()) return false;
    await tx.putToken({ hash: hashBearerToken(token), accountId: null, expiresAt: null });
    return true;
  }).catch((error: unknown) => {
    rmSync(file, { force: true });
    throw error;
  });
  if (created) return { source: 'generated', token, file };
  rmSync(file, { force: true }); // another node bootstrapped this shared store first
  return { source: 'kept' };
}
