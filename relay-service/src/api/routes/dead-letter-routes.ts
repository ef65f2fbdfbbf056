// /v1/dead-letters: list, read, download (.eml) and delete (audited) the mail the relay could neither deliver nor return (admin only).
import { recordAuditAfter } from '../../audit/audit-trail.ts';
import type { Logger } from '../../logger.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import type { QueueStore } from '../../store/queue-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { actorName, type Principal } from '../principal.ts';
import { pagingParameters, readQuery } from '../query-parameters.ts';

const parameters = [
  { name: 'virtual_server_id', schema: { type: 'string' }, description: 'Only dead letters received by this virtual server.' },
  ...pagingParameters,
];

const deadLetter = { $ref: '#/components/schemas/DeadLetter' };

/**
 * Dead-letter routes; answer 503 while no queue store is wired into the relay. A delete is written to the audit log in
 * `auditStore` (by id, never the message's content) once the queue store has done it; as for queued mail
 * (queue-routes.ts), a failure of that write is logged and the delete still answered as done.
 */
export function deadLetterRoutes(queue: QueueStore | null, auditStore: ConfigStore, logger: Logger): ApiRoute[] {
  const open = (request: ApiRequest): QueueStore => {
    requireAdmin(request.principal);
    if (!queue) throw new ApiError(503, 'unavailable', 'The mail queue is not running on this relay.');
    return queue;
  };
  const missing = (id: string) => ApiError.notFound(`Dead letter ${id}`);
  return [
    {
      method: 'get', path: '/v1/dead-letters', tag: 'Dead letters', summary: 'List dead letters, oldest first', query: parameters,
      success: { status: 200, description: 'Messages kept in the dead-letter store', schema: { type: 'object', properties: { items: { type: 'array', items: deadLetter } } } },
      handle: async (request) => {
        const store = open(request);
        const q = readQuery(request, parameters);
        const items = await store.listDeadLetters({
          limit: Number(q.limit), offset: Number(q.offset),
          ...(q.virtual_server_id === undefined ? {} : { virtual_server_id: String(q.virtual_server_id) }),
        });
        return { status: 200, json: { items } };
      },
    },
    {
      method: 'get', path: '/v1/dead-letters/{id}', tag: 'Dead letters', summary: 'Read a dead letter\'s envelope and reason',
      success: { status: 200, description: 'The dead letter', schema: deadLetter },
      handle: async (request) => {
        const found = await open(request).getDeadLetter(request.params.id);
        if (!found) throw missing(request.params.id);
        return { status: 200, json: found };
      },
    },
    {
      method: 'get', path: '/v1/dead-letters/{id}/message', tag: 'Dead letters', summary: 'Download a dead letter as it was accepted (.eml)',
      success: { status: 200, description: 'The raw message, byte for byte', contentType: 'message/rfc822', schema: { type: 'string', format: 'binary' } },
      handle: async (request) => {
        const store = open(request);
        const found = await store.getDeadLetter(request.params.id);
        if (!found) throw missing(request.params.id);
        const data = await store.readDeadLetterData(found.id).catch(() => { throw missing(found.id); });
        // The id is the relay's own (a UUID or the session's queue id); anything else is dropped from the file name.
        const file = `${found.id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
        return { status: 200, bytes: data, headers: { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${file}"` } };
      },
    },
    {
      method: 'delete', path: '/v1/dead-letters/{id}', tag: 'Dead letters', summary: 'Delete a dead letter', success: { status: 204, description: 'Deleted' },
      handle: async (request) => {
        const id = request.params.id;
        if (!(await open(request).removeDeadLetter(id))) throw missing(id);
        await recordAuditAfter(auditStore, logger, {
          actor: actorName(request.principal as Principal), action: 'delete', object_type: 'dead_letter', object_id: id, before: { id }, after: null,
        });
        return { status: 204 };
      },
    },
  ];
}
