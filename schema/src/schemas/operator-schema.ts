// JSON Schema of an operator: an account allowed to manage one virtual server.
import { idSchema, parentIdSchema, type JsonSchema } from './json-schema.ts';

/** Operator (model.ts). */
export const operatorSchema: JsonSchema = {
  title: 'Operator',
  type: 'object',
  additionalProperties: false,
  required: ['account_id'],
  properties: {
    id: idSchema,
    virtual_server_id: parentIdSchema,
    account_id: { type: 'string', minLength: 1, description: 'An existing account.' },
  },
};
