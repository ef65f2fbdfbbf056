// Reads and validates query parameters against the same descriptions the OpenAPI document shows.
import { validateDocument } from '../config/validate-document.ts';
import { ApiError } from './api-error.ts';
import type { ApiRequest, QueryParameter } from './api-route.ts';

/** Query values converted to their schema type (integers parsed), defaults applied; 422 naming `$.<parameter>` otherwise. */
export function readQuery(request: ApiRequest, parameters: QueryParameter[]): Record<string, string | number | undefined> {
  const values: Record<string, string | number | undefined> = {};
  for (const { name, schema } of parameters) {
    const raw = request.query[name];
    if (raw === undefined || raw === '') values[name] = schema.default;
    else values[name] = schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  const schema = { type: 'object', properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])) };
  const details = validateDocument(schema, values).map((d) => ({ ...d, message: `(query parameter) ${d.message}` }));
  if (details.length > 0) throw ApiError.validation(details);
  return values;
}

/** The paging parameters shared by list routes. */
export const pagingParameters: QueryParameter[] = [
  { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, description: 'Page size.' },
  { name: 'offset', schema: { type: 'integer', minimum: 0, default: 0 }, description: 'Items to skip.' },
];
