// The account resource: unique DOMAIN\name, password required on create, not deletable while an operator.
import { formatPrincipalName, samePrincipal } from '../../auth/principal-name.ts';
import type { Account } from '@relayform/schema/model.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { ApiError } from '../api-error.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

/** /v1/accounts: managed by the admin; an account may read itself. */
export const accountResource: ResourceDefinition = {
  kind: 'account',
  title: 'Account',
  collectionPath: '/v1/accounts',
  nested: false,
  schema: accountSchema,
  secrets: [{ path: ['password_wo'], sealedAs: 'password_encrypted', hashedAs: 'password_hash' }],
  access: { read: 'self', create: 'admin', update: 'admin', delete: 'admin' },

  async complete(_doc, context) {
    if (!context.existing && context.newSecrets.password_encrypted === undefined) {
      return [{ path: '$.password_wo', message: 'is required when creating an account' }];
    }
    return [];
  },

  async checkWrite(doc, { id }, reads) {
    const account = doc as unknown as Account;
    const clash = (await reads.list('account')).find((other) => other.id !== id &&
      samePrincipal(account, { name: String(other.doc.name), domain: String(other.doc.domain) }));
    if (clash) throw ApiError.alreadyExists(`Account ${formatPrincipalName(account)} already exists (id ${clash.id}).`, clash.id, '$.name');
  },

  async checkDelete(account, reads) {
    const uses = (await reads.list('operator')).filter((operator) => operator.doc.account_id === account.id);
    if (uses.length > 0) {
      const servers = uses.map((operator) => `${operator.parentId} (operator ${operator.id})`).join(', ');
      throw ApiError.conflict(`Account ${account.id} is an operator of virtual server ${servers}; remove those operators first.`);
    }
  },

  async afterDelete(account, tx) {
    await tx.deleteTokens(account.id);
  },
};
