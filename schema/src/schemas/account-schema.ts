// JSON Schema of an account: an SMTP AUTH identity and API principal (Windows-style DOMAIN\name).
import { idSchema, secretVersionSchema, terraform, type JsonSchema } from './json-schema.ts';

/** Account (model.ts). `password_wo` is required on create and never returned. */
export const accountSchema: JsonSchema = {
  title: 'Account',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    id: idSchema('account'),
    // Names may not contain the separators that Basic credentials use (`\`, `@`, `:`).
    name: {
      type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\\\@\\s:]+$',
      ...terraform('The account name (without domain). Changing it replaces the account.', { requiresReplace: true, rule: 'a name without "\\", "@", ":" or spaces' }),
    },
    domain: {
      type: 'string',
      maxLength: 128,
      pattern: '^[^\\\\@\\s:]*$',
      default: '',
      description: 'Windows-style domain; "" for none.',
      ...terraform('Windows-style domain the account belongs to; `""` for none. Defaults to {default}.', { rule: 'a domain without "\\", "@", ":" or spaces' }),
    },
    password_wo: {
      type: 'string', minLength: 1, maxLength: 1024, writeOnly: true, description: 'Required on create; write-only.',
      ...terraform('The password (write-only, Terraform 1.11+). Required when creating the account; sent again only when `password_wo_version` changes.',
        { requiredOnCreate: {} }),
    },
    password_wo_version: secretVersionSchema('Any number you change to make Terraform send `password_wo` again (password rotation).'),
  },
};
