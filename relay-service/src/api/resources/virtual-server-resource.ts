// The virtual server resource: server-filled fqdn and drop directory, unique listener, existing certificate, live listener state.
import { join } from 'node:path';
import { checkOutboundSecurity } from '@relayform/schema/outbound-security-rules.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { ApiError } from '../api-error.ts';
import { listenerStatus } from '../listener-status.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

/** /v1/virtual-servers: created and deleted by the admin, read and changed by its operators too. */
export const virtualServerResource: ResourceDefinition = {
  kind: 'virtual_server',
  title: 'VirtualServer',
  collectionPath: '/v1/virtual-servers',
  nested: false,
  schema: virtualServerSchema,
  secrets: [
    { path: ['delivery', 'outbound_security', 'password_wo'], sealedAs: 'outbound_password_encrypted' },
    { path: ['delivery', 'outbound_security', 'client_secret_wo'], sealedAs: 'oauth2_client_secret_encrypted' },
  ],
  access: { read: 'server', create: 'admin', update: 'server', delete: 'admin' },
  cascade: ['operator', 'connection_rule', 'relay_rule', 'remote_domain'],
  // The relay writes mail files into drop_directory: where on the host is the admin's choice, not an operator's.
  adminOnly: ['drop_directory'],
  // The listener's state on this node (GET .../status has the detail per process).
  live: {
    fields: ['listener_state'],
    async read(objects, view) {
      const reports = await view.listenerStates();
      return objects.map((object) => ({ listener_state: listenerStatus(object, reports).listener_state }));
    },
  },

  async complete(doc, context) {
    doc.fqdn ??= context.hostName;
    doc.drop_directory ??= join(context.dataDir, 'drop', context.id);
    const server = doc as unknown as VirtualServer;
    return checkOutboundSecurity(server.delivery.outbound_security, '$.delivery.outbound_security', server.delivery.smart_host);
  },

  async checkWrite(doc, { id }, reads) {
    const server = doc as unknown as VirtualServer;
    const certificateId = server.tls.certificate_id;
    if (certificateId !== null && !(await reads.get('certificate', certificateId))) {
      throw ApiError.validation([{ path: '$.tls.certificate_id', message: `refers to certificate ${certificateId}, which does not exist` }]);
    }
    const clash = (await reads.list('virtual_server')).find((other) => other.id !== id &&
      other.doc.port === server.port && other.doc.bind_address === server.bind_address);
    if (clash) {
      throw ApiError.conflict(`Virtual server ${clash.id} (${String(clash.doc.name)}) already listens on ${server.bind_address} port ${server.port}.`);
    }
  },
};
