// Role checks of the management API: the admin may do everything; an operator only its virtual servers.
import type { ConfigReads } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { Principal } from './principal.ts';

/** True when the principal is the admin or an operator of the virtual server (read from the store, never cached). */
export async function canManageServer(principal: Principal, virtualServerId: string, reads: ConfigReads): Promise<boolean> {
  if (principal.kind === 'admin') return true;
  const operators = await reads.list('operator', { parentId: virtualServerId });
  return operators.some((operator) => operator.doc.account_id === principal.accountId);
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
