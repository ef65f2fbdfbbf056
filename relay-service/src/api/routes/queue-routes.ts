// /v1/queue: inspect, retry and delete queued messages one by one or in bulk by a filter (admin only, deletes audited), on top of the QueueStore contract.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { recordAuditAfter } from '../../audit/audit-trail.ts';
import { validateDocument } from '../../config/validate-document.ts';
import type { Logger } from '../../logger.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import type { BulkPage, BulkResult, QueueFilter, QueueStore } from '../../store/queue-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRequest, ApiRoute, QueryParameter } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { actorName, type Principal } from '../principal.ts';
import { pagingParameters, readQuery } from '../query-parameters.ts';

const filterSchemas = {
  virtual_server_id: { type: 'string', description: 'Only messages received by this virtual server.' },
  state: { type: 'string', enum: ['fresh', 'deferred'], description: 'fresh = never tried; deferred = waiting for a retry.' },
  recipient_domain: {
    type: 'string', minLength: 1, maxLength: 253, pattern: '^[^@\\s]+$',
    description: 'Only messages with a recipient still pending at this domain (ASCII case-insensitive; not its subdomains).',
  },
} satisfies Record<keyof QueueFilter, JsonSchema & { description: string }>;

const parameters: QueryParameter[] = [
  ...Object.entries(filterSchemas).map(([name, { description, ...schema }]) => ({ name, schema, description })),
  ...pagingParameters,
];

/** The body of a bulk retry or delete: a filter (every member optional; none = every message) and the page. */
const bulkSchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    ...filterSchemas,
    after: { type: ['string', 'null'], description: 'Continue after this id: the `next_after` of the previous page (null or absent: from the start).' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 1000, description: 'At most this many messages in this page.' },
  },
};

const bulkResultSchema = (count: string): JsonSchema => ({
  type: 'object', required: [count, 'next_after'],
  properties: {
    [count]: { type: 'integer', description: 'Messages of this page the operation changed' },
    next_after: { type: ['string', 'null'], description: 'Send as `after` for the next page; null when this page was the last' },
  },
});

const message = { $ref: '#/components/schemas/QueuedMessage' };

const filterOf = (values: Record<string, unknown>): QueueFilter => Object.fromEntries(
  (Object.keys(filterSchemas) as Array<keyof QueueFilter>).filter((name) => values[name] !== undefined).map((name) => [name, String(values[name])]));

/**
 * Queue routes; answer 503 while no queue store is wired into the relay. A delete is written to the audit log in
 * `auditStore` after the queue store has done it (the two are separate stores): one entry per message deleted by id, one
 * per page of a bulk delete with its filter and count. Entries name messages by id only, never their content. The mail
 * is gone once the queue store has deleted it, so the answer says so even when the audit write then fails; that failure
 * goes to `logger` with the entry (recordAuditAfter).
 */
export function queueRoutes(queue: QueueStore | null, auditStore: ConfigStore, logger: Logger): ApiRoute[] {
  const open = (request: ApiRequest): QueueStore => {
    requireAdmin(request.principal);
    if (!queue) throw new ApiError(503, 'unavailable', 'The mail queue is not running on this relay.');
    return queue;
  };
  const missing = (id: string) => ApiError.notFound(`Queued message ${id}`);
  const auditDeletion = (request: ApiRequest, action: 'delete' | 'delete_matching', objectId: string, before: unknown) => recordAuditAfter(auditStore, logger,
    { actor: actorName(request.principal as Principal), action, object_type: 'queued_message', object_id: objectId, before, after: null });
  const bulk = (verb: 'retry' | 'delete', count: string, run: (store: QueueStore, filter: QueueFilter, page: BulkPage) => Promise<BulkResult>,
    summary: string): ApiRoute => ({
    method: 'post', path: `/v1/queue/${verb}`, tag: 'Queue', summary, requestBody: bulkSchema,
    success: { status: 200, description: 'What this page did and where the next one starts', schema: bulkResultSchema(count) },
    handle: async (request) => {
      const store = open(request);
      const details = validateDocument(bulkSchema, request.body ?? {});
      if (details.length > 0) throw ApiError.validation(details);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const filter = filterOf(body);
      const page = { after: (body.after as string | null | undefined) ?? null, limit: (body.limit as number | undefined) ?? 1000 };
      const result = await run(store, filter, page);
      if (verb === 'delete' && result.affected > 0) await auditDeletion(request, 'delete_matching', '*', { filter, after: page.after, deleted: result.affected });
      return { status: 200, json: { [count]: result.affected, next_after: result.next_after } };
    },
  });
  return [
    {
      method: 'get', path: '/v1/queue', tag: 'Queue', summary: 'List queued messages, oldest first', query: parameters,
      success: {
        status: 200, description: 'Messages waiting for delivery, and how many match the filter in all',
        schema: { type: 'object', properties: { items: { type: 'array', items: message }, total: { type: 'integer', description: 'Messages matching the filter (every page)' } } },
      },
      handle: async (request) => {
        const store = open(request);
        const q = readQuery(request, parameters);
        const filter = filterOf(q);
        const [items, counts] = await Promise.all([store.list({ ...filter, limit: Number(q.limit), offset: Number(q.offset) }), store.count(filter)]);
        return { status: 200, json: { items, total: counts.fresh + counts.deferred } };
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
      method: 'get', path: '/v1/queue/{id}/message', tag: 'Queue', summary: 'The queued message as received (header and body, .eml)',
      success: { status: 200, description: 'The message data as the relay stored it', schema: { type: 'string' }, contentType: 'message/rfc822' },
      handle: async (request) => {
        const store = open(request);
        if (!(await store.get(request.params.id))) throw missing(request.params.id);
        // Delivered or deleted between the two reads: as missing as before the first.
        const data = await store.readData(request.params.id).catch(() => { throw missing(request.params.id); });
        return { status: 200, bytes: data, headers: { 'Content-Type': 'message/rfc822', 'Cache-Control': 'no-store' } };
      },
    },
    {
      method: 'delete', path: '/v1/queue/{id}', tag: 'Queue', summary: 'Delete a queued message without delivering it', success: { status: 204, description: 'Deleted' },
      handle: async (request) => {
        if (!(await open(request).remove(request.params.id))) throw missing(request.params.id);
        await auditDeletion(request, 'delete', request.params.id, { id: request.params.id });
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
    bulk('retry', 'retried', (store, filter, page) => store.retryMatching(filter, page),
      'Make one page of the messages matching a filter due now (`postqueue -f`, `-s domain`); repeat with `after` for the next'),
    bulk('delete', 'deleted', (store, filter, page) => store.removeMatching(filter, page),
      'Delete one page of the messages matching a filter without delivering them; repeat with `after` for the next'),
  ];
}
