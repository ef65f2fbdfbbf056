// POST /v1/import/iis: an IIS 6 MetaBase.xml (sent as JSON text) as Terraform configuration and a migration report (admin only).
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { validateDocument } from '../../config/validate-document.ts';
import { migrateIis } from '../../import/iis/iis-terraform.ts';
import { MetabaseError } from '../../import/iis/metabase-xml.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';

const importIisRequestSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metabase'],
  properties: {
    metabase: { type: 'string', minLength: 1, description: 'The text of MetaBase.xml.' },
    server: { type: 'string', pattern: '^[0-9]+$', description: 'The virtual server to import (the N of /LM/SmtpSvc/N).' },
    all: { type: 'boolean', description: 'Import every virtual server.' },
    operators: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100, description: 'Operators as DOMAIN\\name or name (AdminACL is encrypted).' },
  },
};

const importIisResultSchema: JsonSchema = {
  type: 'object',
  required: ['hcl', 'report'],
  properties: {
    hcl: { type: 'string', description: 'Terraform configuration that creates the objects.' },
    report: { type: 'string', description: 'The migration report (Markdown): every property found, what it became, warnings.' },
  },
};

/** The IIS import route: a pure transformation (nothing is stored); the relay only renders what the CLI would print. */
export function importIisRoutes(): ApiRoute[] {
  return [{
    method: 'post', path: '/v1/import/iis', tag: 'Import', summary: 'Turn an IIS 6 SMTP MetaBase.xml into Terraform configuration and a migration report (admin only)',
    requestBody: importIisRequestSchema,
    success: { status: 200, description: 'The HCL and the migration report', schema: importIisResultSchema },
    handle: async (request) => {
      requireAdmin(request.principal);
      const details = validateDocument(importIisRequestSchema, request.body);
      if (details.length > 0) throw ApiError.validation(details);
      const input = request.body as { metabase: string; server?: string; all?: boolean; operators?: string[] };
      if (input.server !== undefined && input.all) throw ApiError.validation([{ path: '$.all', message: 'cannot be combined with server' }]);
      try {
        return { status: 200, json: migrateIis(input.metabase, { server: input.server, all: input.all, operators: input.operators }, 'MetaBase.xml (POST /v1/import/iis)') };
      } catch (error) {
        if (error instanceof MetabaseError) throw ApiError.validation([{ path: '$.metabase', message: error.message }]);
        throw error;
      }
    },
  }];
}
