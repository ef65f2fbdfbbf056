// POST /v1/relay-check: evaluates the live policy of a virtual server with the SMTP listener's own policy code.
import type { ConfigFeed } from '../../config/config-reader.ts';
import { relayCheckDecisionSchema, relayCheckSchema } from '@relayform/schema/schemas/relay-check-schema.ts';
import { validateDocument } from '../../config/validate-document.ts';
import { decideConnection } from '../../policy/connection-decision.ts';
import { decideRelay } from '../../policy/relay-decision.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireServer } from '../authorize.ts';

/** The relay check route: the connection decision first (a refused client never gets to RCPT), then the relay decision. */
export function relayCheckRoutes(store: ConfigStore, reader: ConfigFeed): ApiRoute[] {
  return [{
    method: 'post', path: '/v1/relay-check', tag: 'RelayCheck', summary: 'Would this virtual server accept this recipient from this client?',
    requestBody: relayCheckSchema,
    success: { status: 200, description: 'The decision and the SMTP reply it becomes', schema: relayCheckDecisionSchema },
    handle: async (request) => {
      const details = validateDocument(relayCheckSchema, request.body);
      if (details.length > 0) throw ApiError.validation(details);
      const input = request.body as { virtual_server_id: string; client_ip: string; client_hostname?: string | null; authenticated_as?: string | null; sender: string; recipient: string };
      const config = (await reader.snapshot()).virtualServers.find((c) => c.server.id === input.virtual_server_id);
      if (!config) throw ApiError.validation([{ path: '$.virtual_server_id', message: `refers to virtual server ${input.virtual_server_id}, which does not exist` }]);
      await requireServer(request.principal, input.virtual_server_id, store);
      const client = { ip: input.client_ip, hostname: input.client_hostname ?? null };
      const connection = decideConnection(config, client);
      if (connection.decision === 'reject') return { status: 200, json: connection };
      const decision = decideRelay(config, { ...input, client_hostname: client.hostname, authenticated_as: input.authenticated_as ?? null });
      return { status: 200, json: decision };
    },
  }];
}
