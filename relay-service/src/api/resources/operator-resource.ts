// The operator resource: links an existing account to a virtual server, once.
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
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

  async checkWrite(doc, { id, parentId }, reads) {
    const accountId = String(doc.account_id);
    if (!(await reads.get('account', accountId))) {
      throw ApiError.validation([{ path: '$.account_id', message: `refers to account ${accountId}, which does not exist` }]);
    }
    const operators = await reads.list('operator', { parentId: parentId ?? '' });
    const clash = operators.find((other) => other.id !== id && other.doc.account_id === accountId);
    if (clash) throw ApiError.alreadyExists(`Account ${accountId} is already an operator of this virtual server (operator ${clash.id}).`, clash.id, '$.account_id');
  },
};
