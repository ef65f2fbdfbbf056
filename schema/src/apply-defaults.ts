// Fills omitted optional fields from the `default` keywords of a schema, so POST and PUT share one set of defaults.
import type { JsonSchema } from './schemas/json-schema.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of `document` where every property that is absent and has a schema default gets
 * that default (deep-copied), recursing into nested objects. Present values, null included, are kept.
 */
export function applyDefaults(schema: JsonSchema, document: Json): Json {
  const result: Json = { ...document };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (result[name] === undefined && property.default !== undefined) result[name] = structuredClone(property.default);
    if (isObject(result[name]) && property.properties) result[name] = applyDefaults(property, result[name]);
  }
  return result;
}
