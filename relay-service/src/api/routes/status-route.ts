// GET /v1/status: the answering node at a glance (admin only): its data-plane processes and the config version each reconciled, every listener, the queue.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ProcessListenerStates } from '../../smtp/listener-state.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import type { QueueStore } from '../../store/queue-store.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { listenerStatus } from '../listener-status.ts';
import { listenerStatusSchema } from './listener-status-route.ts';

/** The body of GET /v1/status. */
export const relayStatusSchema: JsonSchema = {
  type: 'object',
  required: ['config_version', 'processes', 'virtual_servers', 'queue'],
  properties: {
    config_version: { type: 'integer', description: 'The version of the last configuration change committed to the store' },
    processes: {
      type: 'array',
      description: 'This node\'s data-plane processes (its worker processes in cluster mode). Nodes sharing a PostgreSQL store do not ' +
        'publish their state to each other: ask each node\'s API.',
      items: {
        type: 'object', required: ['node_id', 'config_version'],
        properties: {
          node_id: { type: 'string' },
          config_version: { type: 'integer', description: 'The configuration version this process last applied to its listeners (-1: none yet)' },
        },
      },
    },
    virtual_servers: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'name', 'port', 'listener'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, port: { type: 'integer' }, listener: listenerStatusSchema },
      },
    },
    queue: {
      type: ['object', 'null'], description: 'Messages waiting, by state; null when no queue runs on this relay',
      properties: { fresh: { type: 'integer' }, deferred: { type: 'integer' } },
    },
  },
};

/** The status route: one call for `smtp-relay status`. */
export function statusRoutes(store: ConfigStore, queue: QueueStore | null, listenerStates: () => Promise<ProcessListenerStates[]>): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/status', tag: 'System', summary: 'This node: data-plane processes with their config version, listeners, queue sizes (admin only)',
    success: { status: 200, description: 'The status of the answering node', schema: relayStatusSchema },
    handle: async (request) => {
      requireAdmin(request.principal);
      const [version, servers, reports, counts] = await Promise.all([
        store.configVersion(), store.list('virtual_server'), listenerStates(), queue ? queue.count() : null,
      ]);
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        json: {
          config_version: version,
          processes: reports.map((report) => ({ node_id: report.node_id, config_version: report.config_version })),
          virtual_servers: servers.map((server) => ({
            id: server.id, name: String(server.doc.name), port: Number(server.doc.port), listener: listenerStatus(server, reports),
          })),
          queue: counts,
        },
      };
    },
  }];
}
