// GET /v1/virtual-servers/{id}/outbound-check?domain=: which route, next hop, TLS policy and authentication mail to a domain gets.
import type { ConfigFeed } from '../../config/config-reader.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { routeFor } from '../../delivery/route.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireServer } from '../authorize.ts';
import { readQuery } from '../query-parameters.ts';

const parameters = [
  { name: 'domain', schema: { type: 'string', format: 'mail-domain' }, description: 'The recipient domain to check, e.g. partner.example.' },
];

const answerSchema: JsonSchema = {
  type: 'object',
  properties: {
    domain: { type: 'string' },
    route: { type: 'string', enum: ['local', 'remote_domain', 'smart_host', 'mx'], description: 'What decided the next hop.' },
    remote_domain_id: { type: ['string', 'null'] },
    next_hop: { type: ['string', 'null'], description: 'host:port of the smart host, or null for MX delivery (looked up per message).' },
    tls_policy: { type: 'string', enum: ['none', 'opportunistic', 'encrypt', 'verify', 'dane', 'mta_sts'], description: 'The policy delivery enforces (automatic and legacy switches resolved).' },
    certificate_verified: {
      type: 'boolean',
      description: 'True when the next hop\'s certificate is always verified (tls_policy verify). Under dane and mta_sts the recipient domain\'s DNS decides ' +
        'per message (TLSA records, an enforce policy), so this is false.',
    },
    authentication: { type: 'string', enum: ['anonymous', 'basic', 'integrated', 'oauth2'] },
  },
};

/**
 * The outbound check: the routing code delivery itself runs (routeFor), answered without sending anything, so a
 * pipeline can assert "mail to partner.example is verified TLS" in a Terraform `check {}` block.
 */
export function outboundCheckRoutes(store: ConfigStore, reader: ConfigFeed): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/virtual-servers/{id}/outbound-check', tag: 'VirtualServer', query: parameters,
    summary: 'Which route, next hop, TLS policy and authentication mail to a domain would get',
    success: { status: 200, description: 'The route delivery would take', schema: answerSchema },
    handle: async (request) => {
      const id = request.params.id;
      await requireServer(request.principal, id, store);
      const { domain } = readQuery(request, parameters);
      if (domain === undefined) throw ApiError.validation([{ path: '$.domain', message: '(query parameter) is required' }]);
      const config = (await reader.snapshot()).virtualServers.find((c) => c.server.id === id);
      if (!config) throw ApiError.notFound(`Virtual server ${id}`);
      const route = routeFor(`postmaster@${String(domain)}`, config);
      const remote = 'remote_domain_id' in route.secretOwner ? route.secretOwner.remote_domain_id : null;
      const kind = route.local ? 'local' : route.smartHost === null ? 'mx' : remote !== null && config.remoteDomains.find((d) => d.id === remote)?.smart_host ? 'remote_domain' : 'smart_host';
      return {
        status: 200,
        json: {
          domain: route.domain, route: kind, remote_domain_id: remote,
          next_hop: route.smartHost ? `${route.smartHost.host}:${route.smartHost.port}` : null,
          tls_policy: route.local ? 'none' : route.tls.policy, certificate_verified: !route.local && route.tls.policy === 'verify',
          authentication: route.local ? 'anonymous' : route.security.authentication,
        },
      };
    },
  }];
}
