// Checks account credentials (password, bearer token) against the config store; shared by the API and SMTP AUTH.
import type { ConfigReads, StoredObject } from '../store/config-store.ts';
import { hashBearerToken } from './bearer-token.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { samePrincipal, type PrincipalName } from './principal-name.ts';

/** Who a bearer token speaks for. */
export type TokenOwner = { kind: 'admin' } | { kind: 'account'; account: StoredObject };

/** Hash verified against unknown names so a miss costs as much time as a wrong password. */
const decoy = hashPassword('decoy password for unknown accounts');

/** The account with this name and domain (case-insensitive), or null. */
export async function findAccount(reads: ConfigReads, principal: PrincipalName): Promise<StoredObject | null> {
  const accounts = await reads.list('account');
  return accounts.find((a) => samePrincipal(principal, { name: String(a.doc.name), domain: String(a.doc.domain) })) ?? null;
}

/** The account when the password matches; null otherwise, after the same amount of hashing work. */
export async function checkAccountPassword(reads: ConfigReads, principal: PrincipalName, password: string): Promise<StoredObject | null> {
  const account = await findAccount(reads, principal);
  const stored = account?.secrets.password_hash ?? (await decoy);
  const ok = await verifyPassword(password, stored);
  return ok && account ? account : null;
}

/** The owner of a live token: the admin, or an account that still exists. Null for unknown or expired tokens. */
export async function resolveBearerToken(reads: ConfigReads, token: string, now = new Date()): Promise<TokenOwner | null> {
  const record = await reads.findToken(hashBearerToken(token));
  if (!record) return null;
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return null;
  if (record.accountId === null) return { kind: 'admin' };
  const account = await reads.get('account', record.accountId);
  return account ? { kind: 'account', account } : null;
}
