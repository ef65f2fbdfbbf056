// The directory resource: an LDAP / Active Directory connection, one per domain, bind password required on create.
import { directorySchema } from '@relayform/schema/schemas/directory-schema.ts';
import { ApiError } from '../api-error.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

/** /v1/directories: the admin's alone (it holds the service account and decides who the relay's users are). */
export const directoryResource: ResourceDefinition = {
  kind: 'directory',
  title: 'Directory',
  collectionPath: '/v1/directories',
  nested: false,
  schema: directorySchema,
  secrets: [{ path: ['bind_password_wo'], sealedAs: 'bind_password_encrypted' }],
  access: { read: 'admin', create: 'admin', update: 'admin', delete: 'admin' },

  async complete(_doc, context) {
    if (!context.existing && context.newSecrets.bind_password_encrypted === undefined) {
      return [{ path: '$.bind_password_wo', message: 'is required when creating a directory' }];
    }
    return [];
  },

  async checkWrite(doc, { id }, reads) {
    const domain = String(doc.domain).toLowerCase();
    const clash = (await reads.list('directory')).find((other) => other.id !== id && String(other.doc.domain).toLowerCase() === domain);
    if (clash) throw ApiError.alreadyExists(`A directory for domain ${String(doc.domain)} already exists (id ${clash.id}).`, clash.id, '$.domain');
  },

  async checkDelete(directory, reads) {
    const uses = (await reads.list('operator')).filter((operator) => operator.doc.directory_id === directory.id);
    if (uses.length > 0) {
      const servers = uses.map((operator) => `${operator.parentId} (operator ${operator.id})`).join(', ');
      throw ApiError.conflict(`Directory ${directory.id} names operators of virtual server ${servers}; remove those operators first.`);
    }
  },
};
