// Validates a JSON document against a config schema and reports one detail per problem, each naming its JSON path.
import { Validator, type ValidationError } from 'jsonschema';
import { formats } from '@relayform/schema/formats.ts';
import { jsonPath } from '@relayform/schema/json-path.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';


const validator = new Validator();
for (const [name, format] of Object.entries(formats)) {
  validator.customFormats[name] = (value: unknown) => typeof value !== 'string' || format.check(value);
}

function describe(error: ValidationError): ValidationDetail {
  const at = (extra: string[] = []) => jsonPath([...error.path, ...extra]);
  const schema = error.schema as JsonSchema;
  switch (error.name) {
    case 'required':
      return { path: at([String(error.argument)]), message: 'is required' };
    case 'additionalProperties':
      return { path: at([String(error.argument)]), message: 'is not a known field' };
    case 'type':
      return { path: at(), message: `must be of type ${[error.argument].flat().join(' or ')}` };
    case 'minimum':
      return { path: at(), message: `must be >= ${error.argument}` };
    case 'maximum':
      return { path: at(), message: `must be <= ${error.argument}` };
    case 'exclusiveMinimum':
      return { path: at(), message: `must be > ${error.argument}` };
    case 'enum':
      return { path: at(), message: `must be one of: ${(error.argument as unknown[]).join(', ')}` };
    case 'format':
      return { path: at(), message: `must be ${formats[String(error.argument)]?.description ?? error.argument}` };
    case 'minLength':
      return { path: at(), message: error.argument === 1 ? 'must not be empty' : `must be at least ${error.argument} characters` };
    case 'maxLength':
      return { path: at(), message: `must be at most ${error.argument} characters` };
    case 'minItems':
      return { path: at(), message: `must have at least ${error.argument} item(s)` };
    case 'maxItems':
      return { path: at(), message: `must have at most ${error.argument} items` };
    case 'uniqueItems':
      return { path: at(), message: 'must not contain duplicates' };
    case 'pattern':
    case 'anyOf':
      return { path: at(), message: `has a form that is not allowed${schema.description ? ` (${schema.description})` : ''}` };
    default:
      return { path: at(), message: error.message };
  }
}

/**
 * Members named like Object.prototype's (`__proto__`, `constructor`, `toString`, ...): jsonschema looks them up in
 * `properties` and finds the inherited value, so `additionalProperties: false` lets them through. No schema uses them.
 */
function inheritedNames(value: unknown, path: Array<string | number> = []): ValidationDetail[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, member]) => [
    ...(!Array.isArray(value) && name in Object.prototype ? [{ path: jsonPath([...path, name]), message: 'is not a known field' }] : []),
    ...inheritedNames(member, [...path, Array.isArray(value) ? Number(name) : name]),
  ]);
}

/** Checks `value` against `schema`; returns [] when valid. Never throws for bad input. */
export function validateDocument(schema: JsonSchema, value: unknown): ValidationDetail[] {
  return [...inheritedNames(value), ...validator.validate(value, schema, { nestedErrors: false }).errors.map(describe)];
}
