// JSON Schema of an account: an SMTP AUTH identity and API principal (Windows-style DOMAIN\name).
import { idSchema, secretVersionSchema, type JsonSchema } from './json-schema.ts';

/** Names may not contain the separators that Basic credentials use (`\`, `@`, `:`). */
const principalPart = '^[^\\\\@\\s:]+$';

/** Account (model.ts). `password_wo` is required on create and never returned. */
export const accountSchema: JsonSchema = {
  title: 'Account',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    id: idSchema,
    name: { type: 'string', minLength: 1, maxLength: 128, pattern: principalPart },
    domain: {
      type: 'string',
      maxLength: 128,
      pattern: '^[^\\\\@\\s:]*$',
      default: '',
      description: 'Windows-style domain; "" for none.',
    },
    password_wo: { type: 'string', minLength: 1, maxLength: 1024, writeOnly: true, description: 'Required on create; write-only.' },
    password_wo_version: secretVersionSchema,
  },
};
