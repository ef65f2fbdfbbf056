// GET /v1/virtual-servers/{id}/status: the virtual server's listener on this node, per data-plane process (state, error, since).
import type { ListenerStatusJson, NodeListenerStatusJson } from '@relayform/schema/api-wire-types.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ProcessListenerStates } from '../../smtp/listener-state.ts';
import type { ApiRoute } from '../api-route.ts';
import { listenerStatus } from '../listener-status.ts';
import type { Principal } from '../principal.ts';
import type { ResourceService } from '../resource-service.ts';

const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });

/** The body of the status route: ListenerStatusJson's members (@relayform/schema/api-wire-types.ts). */
export const listenerStatusSchema: JsonSchema = {
  type: 'object',
  required: ['virtual_server_id', 'enabled', 'listener_state', 'nodes'],
  properties: {
    virtual_server_id: { type: 'string' },
    enabled: { type: 'boolean' },
    listener_state: {
      type: 'string', enum: ['disabled', 'starting', 'listening', 'failed'],
      description: 'failed when any process of this node failed to start the listener, starting while any has not started it yet, else listening',
    },
    nodes: {
      type: 'array',
      description: 'One entry per data-plane process of the node that answers (its worker processes in cluster mode). ' +
        'Nodes sharing a PostgreSQL store do not publish their listener states to each other: ask each node\'s API.',
      items: {
        type: 'object',
        properties: {
          node_id: { type: 'string' },
          state: { type: 'string', enum: ['starting', 'listening', 'failed'] },
          bind_address: nullable('string'),
          port: nullable('integer'),
          error: {
            type: ['object', 'null'],
            description: 'Why the listener is not running',
            properties: {
              code: { type: 'string', description: 'The OS error (EADDRINUSE, EACCES, EADDRNOTAVAIL, ...) or CERTIFICATE_UNAVAILABLE' },
              message: { type: 'string' },
            },
          },
          since: { ...nullable('string'), format: 'date-time', description: 'When the listener entered this state' },
          failed_attempts: { type: 'integer', description: 'Failed starts in a row; the pause between them doubles from 1 s up to 60 s' },
          next_attempt_at: { ...nullable('string'), format: 'date-time' },
        } satisfies Record<keyof NodeListenerStatusJson, JsonSchema>,
      },
    },
  } satisfies Record<keyof ListenerStatusJson, JsonSchema>,
};

/** The status route; access as reading the virtual server (the admin or its operators). */
export function listenerStatusRoutes(virtualServers: ResourceService, listenerStates: () => Promise<ProcessListenerStates[]>): ApiRoute[] {
  return [{
    method: 'get', path: `${virtualServers.definition.collectionPath}/{id}/status`, tag: virtualServers.definition.title,
    summary: 'The virtual server\'s SMTP listener on this node: listening, starting or failed (with the error), per process',
    success: { status: 200, description: 'The listener status', schema: listenerStatusSchema },
    handle: async (request) => {
      const server = await virtualServers.get(request.principal as Principal, null, request.params.id);
      return { status: 200, json: listenerStatus(server, await listenerStates()), headers: { 'Cache-Control': 'no-store' } };
    },
  }];
}
