// JSON Schema of an operator: an account allowed to manage one virtual server.
import { idSchema, parentIdSchema, terraform, type JsonSchema } from './json-schema.ts';

/** Operator (model.ts). */
export const operatorSchema: JsonSchema = {
  title: 'Operator',
  type: 'object',
  additionalProperties: false,
  required: ['account_id'],
  properties: {
    id: idSchema('operator'),
    virtual_server_id: parentIdSchema('the account may manage', 'operator'),
    account_id: {
      type: 'string', minLength: 1, description: 'An existing account.',
      ...terraform('The `smtp_account` that becomes an operator. Changing it replaces the operator.', { requiresReplace: true }),
    },
  },
};
