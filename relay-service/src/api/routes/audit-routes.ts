// GET /v1/audit-log: every configuration change, newest first (admin only).
import type { ConfigStore } from '../../store/config-store.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { pagingParameters, readQuery } from '../query-parameters.ts';

const parameters = [...pagingParameters, { name: 'object_id', schema: { type: 'string' }, description: 'Only entries about this object.' }];

/** The audit log route. */
export function auditRoutes(store: ConfigStore): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/audit-log', tag: 'AuditLog', summary: 'Read the audit log (admin only)', query: parameters,
    success: { status: 200, description: 'Entries, newest first; secrets redacted', schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } } } } },
    handle: async (request) => {
      requireAdmin(request.principal);
      const query = readQuery(request, parameters);
      const items = await store.listAudit({
        limit: Number(query.limit), offset: Number(query.offset),
        ...(query.object_id === undefined ? {} : { objectId: String(query.object_id) }),
      });
      return { status: 200, json: { items } };
    },
  }];
}
