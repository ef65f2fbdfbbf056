// The remote domain resource: per-destination route and outbound security, one per name and virtual server.
import { checkOutboundSecurity } from '@relayform/schema/outbound-security-rules.ts';
import type { RemoteDomain } from '@relayform/schema/model.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { ApiError } from '../api-error.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

/** /v1/virtual-servers/{id}/remote-domains. */
export const remoteDomainResource: ResourceDefinition = {
  kind: 'remote_domain',
  title: 'RemoteDomain',
  collectionPath: '/v1/virtual-servers/{virtual_server_id}/remote-domains',
  nested: true,
  schema: remoteDomainSchema,
  secrets: [
    { path: ['outbound_security', 'password_wo'], sealedAs: 'outbound_password_encrypted' },
    { path: ['outbound_security', 'client_secret_wo'], sealedAs: 'oauth2_client_secret_encrypted' },
  ],
  access: { read: 'server', create: 'server', update: 'server', delete: 'server' },

  async complete(doc) {
    const domain = doc as unknown as RemoteDomain;
    return checkOutboundSecurity(domain.outbound_security, '$.outbound_security', domain.smart_host, { requireTls: domain.require_tls, path: '$.require_tls' });
  },

  async checkWrite(doc, { id, parentId }, reads) {
    const name = String(doc.name).toLowerCase();
    const clash = (await reads.list('remote_domain', { parentId: parentId ?? '' }))
      .find((other) => other.id !== id && String(other.doc.name).toLowerCase() === name);
    if (clash) throw ApiError.alreadyExists(`Remote domain ${name} already exists on this virtual server (id ${clash.id}).`, clash.id, '$.name');
  },
};
