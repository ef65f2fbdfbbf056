// /v1/queue: inspect, retry and delete queued messages (admin only), on top of the QueueStore contract.
import type { QueueStore } from '../../store/queue-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { pagingParameters, readQuery } from '../query-parameters.ts';

const parameters = [
  { name: 'virtual_server_id', schema: { type: 'string' }, description: 'Only messages received by this virtual server.' },
  { name: 'state', schema: { type: 'string', enum: ['fresh', 'deferred'] }, description: 'fresh = never tried; deferred = waiting for a retry.' },
  ...pagingParameters,
];

const message = { $ref: '#/components/schemas/QueuedMessage' };

/** Queue routes; answer 503 while no queue store is wired into the relay. */
export function queueRoutes(queue: QueueStore | null): ApiRoute[] {
  const open = (request: ApiRequest): QueueStore => {
    requireAdmin(request.principal);
    if (!queue) throw new ApiError(503, 'unavailable', 'The mail queue is not running on this relay.');
    return queue;
  };
  const missing = (id: string) => ApiError.notFound(`Queued message ${id}`);
  return [
    {
      method: 'get', path: '/v1/queue', tag: 'Queue', summary: 'List queued messages', query: parameters,
      success: { status: 200, description: 'Messages waiting for delivery', schema: { type: 'object', properties: { items: { type: 'array', items: message } } } },
      handle: async (request) => {
        const store = open(request);
        const q = readQuery(request, parameters);
        const items = await store.list({
          limit: Number(q.limit), offset: Number(q.offset),
          ...(q.virtual_server_id === undefined ? {} : { virtual_server_id: String(q.virtual_server_id) }),
          ...(q.state === undefined ? {} : { state: q.state as 'fresh' | 'deferred' }),
        });
        return { status: 200, json: { items } };
      },
    },
    {
      method: 'get', path: '/v1/queue/{id}', tag: 'Queue', summary: 'Read a queued message', success: { status: 200, description: 'The message', schema: message },
      handle: async (request) => {
        const found = await open(request).get(request.params.id);
        if (!found) throw missing(request.params.id);
        return { status: 200, json: found };
      },
    },
    {
      method: 'delete', path: '/v1/queue/{id}', tag: 'Queue', summary: 'Delete a queued message without delivering it', success: { status: 204, description: 'Deleted' },
      handle: async (request) => {
        if (!(await open(request).remove(request.params.id))) throw missing(request.params.id);
        return { status: 204 };
      },
    },
    {
      method: 'post', path: '/v1/queue/{id}/retry', tag: 'Queue', summary: 'Make a queued message due now', success: { status: 202, description: 'Scheduled for an attempt now' },
      handle: async (request) => {
        if (!(await open(request).retryNow(request.params.id))) throw missing(request.params.id);
        return { status: 202, json: { id: request.params.id, status: 'scheduled' } };
      },
    },
  ];
}
