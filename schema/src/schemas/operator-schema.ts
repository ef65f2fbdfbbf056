// JSON Schema of an operator: an account, or a directory user or group, allowed to manage one virtual server.
import { idSchema, parentIdSchema, terraform, type JsonSchema } from './json-schema.ts';

/** Operator (model.ts): either `account_id`, or `directory_id` with `directory_dn` (the resource checks which). */
export const operatorSchema: JsonSchema = {
  title: 'Operator',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idSchema('operator'),
    virtual_server_id: parentIdSchema('the operator may manage', 'operator'),
    account_id: {
      type: 'string', minLength: 1, description: 'An existing account; or give directory_id and directory_dn instead.',
      ...terraform('The `smtp_account` that becomes an operator; or set `directory_id` and `directory_dn` instead. Changing it replaces the operator.',
        { requiresReplace: true }),
    },
    directory_id: {
      type: 'string', minLength: 1, description: 'An existing directory, with directory_dn.',
      ...terraform('The `smtp_directory` whose user or group `directory_dn` names. Changing it replaces the operator.', { requiresReplace: true }),
    },
    directory_dn: {
      type: 'string', minLength: 1, maxLength: 1024, description: 'DN of a directory user, or of a group whose members (nested included) operate.',
      ...terraform('The DN of a directory user, or of a directory group: every member (nested groups included, as the directory\'s ' +
        '`flavor` resolves them) may manage the virtual server with its directory credentials. Compared case-insensitively. ' +
        'Changing it replaces the operator.', { requiresReplace: true }),
    },
  },
};
