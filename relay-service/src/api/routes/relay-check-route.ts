// POST /v1/relay-check and GET /v1/virtual-servers/{id}/open-relay: the live policy of a virtual server, judged by the SMTP listener's own policy code.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ConfigFeed } from '../../config/config-reader.ts';
import { relayCheckDecisionSchema, relayCheckSchema } from '@relayform/schema/schemas/relay-check-schema.ts';
import { validateDocument } from '../../config/validate-document.ts';
import { decideConnection } from '../../policy/connection-decision.ts';
import { openRelayProbes, openRelayVerdict } from '../../policy/open-relay.ts';
import { decideRelay } from '../../policy/relay-decision.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireServer } from '../authorize.ts';

const probeSchema: JsonSchema = {
  type: 'object', properties: { client_ip: { type: 'string' }, sender: { type: 'string' }, recipient: { type: 'string' } },
};

/** The body of GET /v1/virtual-servers/{id}/open-relay. */
const openRelaySchema: JsonSchema = {
  type: 'object', required: ['virtual_server_id', 'open_relay', 'probe', 'decision'],
  properties: {
    virtual_server_id: { type: 'string' },
    open_relay: { type: 'boolean', description: 'True when an anonymous client from an address no rule names may relay to any domain' },
    probe: { ...probeSchema, description: `The envelope that relayed, or the last one tried (${openRelayProbes.map((p) => p.client_ip).join(', ')})` },
    decision: { ...relayCheckDecisionSchema, description: 'The decision for that probe, as POST /v1/relay-check gives it' },
  },
};

/**
 * The relay check route: the connection decision first (a refused client never gets to RCPT), then the relay decision;
 * and the open-relay verdict, the same decisions asked for an anonymous stranger (policy/open-relay.ts).
 */
export function relayCheckRoutes(store: ConfigStore, reader: ConfigFeed): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/virtual-servers/{id}/open-relay', tag: 'RelayCheck',
    summary: 'Is this virtual server an open relay (does it relay for anonymous clients from anywhere)?',
    success: { status: 200, description: 'The verdict and the decision behind it', schema: openRelaySchema },
    handle: async (request) => {
      await requireServer(request.principal, request.params.id, store);
      const config = (await reader.snapshot()).virtualServers.find((c) => c.server.id === request.params.id);
      if (!config) throw ApiError.notFound(`Virtual server ${request.params.id}`);
      return { status: 200, json: { virtual_server_id: config.server.id, ...openRelayVerdict(config) }, headers: { 'Cache-Control': 'no-store' } };
    },
  }, {
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
