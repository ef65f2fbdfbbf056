// The operator resource: links an existing account, or a directory user or group, to a virtual server, once.
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
import { sameDn } from '../../directory/distinguished-name.ts';
import { ApiError } from '../api-error.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

/** /v1/virtual-servers/{id}/operators: managed by the admin and the server's operators. */
export const operatorResource: ResourceDefinition = {
  kind: 'operator',
  title: 'Operator',
  collectionPath: '/v1/virtual-servers/{virtual_server_id}/operators',
  nested: true,
  schema: operatorSchema,
  secrets: [],
  access: { read: 'server', create: 'server', update: 'server', delete: 'server' },

  async complete(doc) {
    const viaAccount = doc.account_id !== undefined;
    const viaDirectory = doc.directory_id !== undefined || doc.directory_dn !== undefined;
    if (viaAccount && viaDirectory) return [{ path: '$.account_id', message: 'must not be set together with directory_id/directory_dn' }];
    if (!viaAccount && !viaDirectory) return [{ path: '$.account_id', message: 'is required unless directory_id and directory_dn are set' }];
    if (viaDirectory && doc.directory_id === undefined) return [{ path: '$.directory_id', message: 'is required with directory_dn' }];
    if (viaDirectory && doc.directory_dn === undefined) return [{ path: '$.directory_dn', message: 'is required with directory_id' }];
    return [];
  },

  async checkWrite(doc, { id, parentId }, reads) {
    const operators = (await reads.list('operator', { parentId: parentId ?? '' })).filter((other) => other.id !== id);
    if (doc.account_id !== undefined) {
      const accountId = String(doc.account_id);
      if (!(await reads.get('account', accountId))) {
        throw ApiError.validation([{ path: '$.account_id', message: `refers to account ${accountId}, which does not exist` }]);
      }
      const clash = operators.find((other) => other.doc.account_id === accountId);
      if (clash) throw ApiError.alreadyExists(`Account ${accountId} is already an operator of this virtual server (operator ${clash.id}).`, clash.id, '$.account_id');
      return;
    }
    const [directoryId, dn] = [String(doc.directory_id), String(doc.directory_dn)];
    if (!(await reads.get('directory', directoryId))) {
      throw ApiError.validation([{ path: '$.directory_id', message: `refers to directory ${directoryId}, which does not exist` }]);
    }
    const clash = operators.find((other) => other.doc.directory_id === directoryId && sameDn(String(other.doc.directory_dn), dn));
    if (clash) throw ApiError.alreadyExists(`${dn} is already an operator of this virtual server (operator ${clash.id}).`, clash.id, '$.directory_dn');
  },
};
