// Role checks of the management API: the admin may do everything; an operator only its virtual servers.
import { normalDn } from '../directory/distinguished-name.ts';
import type { ConfigReads, StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { Principal } from './principal.ts';

/** Whether one operator entry names the principal: its account, or its directory DN or one of its directory groups. */
function names(operator: StoredObject, principal: Exclude<Principal, { kind: 'admin' }>): boolean {
  if (principal.kind === 'account') return operator.doc.account_id === principal.accountId;
  if (operator.doc.directory_id !== principal.directoryId || typeof operator.doc.directory_dn !== 'string') return false;
  const dn = normalDn(operator.doc.directory_dn);
  return dn === principal.dn || principal.groups.includes(dn);
}

/**
 * True when the principal is the admin or an operator of the virtual server. The operators are read from the store on
 * every call; a directory user's groups are what its login found (at most cache_ttl_seconds old).
 */
export async function canManageServer(principal: Principal, virtualServerId: string, reads: ConfigReads): Promise<boolean> {
  if (principal.kind === 'admin') return true;
  const operators = await reads.list('operator', { parentId: virtualServerId });
  return operators.some((operator) => names(operator, principal));
}

/** Throws 403 unless the principal is the admin. */
export function requireAdmin(principal: Principal | null): void {
  if (principal?.kind !== 'admin') throw ApiError.forbidden('Only the admin may do this.');
}

/** Throws 403 unless the principal may manage the virtual server. */
export async function requireServer(principal: Principal | null, virtualServerId: string, reads: ConfigReads): Promise<void> {
  if (!principal || !(await canManageServer(principal, virtualServerId, reads))) {
    throw ApiError.forbidden('Only the admin or an operator of this virtual server may do this.');
  }
}
