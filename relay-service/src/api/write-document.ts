// Turns a POST/PUT/PATCH body into the document to store: schema check, read-only and immutable fields, secrets, defaults.
import { isDeepStrictEqual } from 'node:util';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import { validateDocument } from '../config/validate-document.ts';
import { ApiError } from './api-error.ts';
import { managedByMember } from './managed-by.ts';
import type { ResourceDefinition, WriteContext } from './resource-definition.ts';

/** The stored document and the clear write-only secrets of this request, by `sealedAs`. */
export interface PreparedWrite {
  doc: Record<string, unknown>;
  newSecrets: Record<string, string>;
}

function fail(details: ValidationDetail[]): void {
  if (details.length > 0) throw ApiError.validation(details);
}

/** Members that identify the object or are computed: absent on create, unchanged on update. */
function checkFixedFields(definition: ResourceDefinition, body: Record<string, unknown>, context: WriteContext): void {
  const fixed = Object.entries(definition.schema.properties ?? {})
    .filter(([name, schema]) => schema.readOnly || (definition.immutable && context.existing) || name === 'virtual_server_id')
    .map(([name]) => name);
  const current: Record<string, unknown> = context.existing?.doc ?? { virtual_server_id: context.parentId ?? undefined };
  fail(fixed.filter((name) => body[name] !== undefined && !isDeepStrictEqual(body[name], current[name])).map((name) => ({
    path: `$.${name}`,
    message: context.existing ? 'is immutable' : name === 'virtual_server_id' ? 'must match the virtual server in the path' : 'is read-only (set by the server)',
  })));
}

function takeSecrets(definition: ResourceDefinition, doc: Record<string, unknown>): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const field of definition.secrets) {
    const parent = field.path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    const leaf = field.path[field.path.length - 1];
    if (typeof parent === 'object' && parent !== null && leaf in parent) {
      secrets[field.sealedAs] = String((parent as Record<string, unknown>)[leaf]);
      delete (parent as Record<string, unknown>)[leaf];
    }
  }
  return secrets;
}

/** Validates and completes `body` for create (context.existing null) or full replacement. Throws ApiError 422. */
export async function prepareWrite(definition: ResourceDefinition, body: unknown, context: WriteContext): Promise<PreparedWrite> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ApiError.validation([{ path: '$', message: 'must be a JSON object' }]);
  }
  // Reported, never stored (like the live members): a document read and sent back carries it.
  const { [managedByMember]: _reported, ...reportedOut } = body as Record<string, unknown>;
  fail(validateDocument(definition.schema, reportedOut));
  const input = structuredClone(reportedOut);
  // Reported by the running relay, never stored: a document read and sent back carries them.
  for (const name of definition.live?.fields ?? []) delete input[name];
  checkFixedFields(definition, input, context);
  const newSecrets = takeSecrets(definition, input);
  if (definition.immutable && context.existing) {
    // checkFixedFields compared every member, write-only ones included: nothing can have changed.
    return { doc: context.existing.doc, newSecrets: {} };
  }
  const doc: Record<string, unknown> = {
    id: context.id,
    ...(definition.nested ? { virtual_server_id: context.parentId } : {}),
    ...applyDefaults(definition.schema, input),
  };
  const writeContext = { ...context, newSecrets };
  fail(await definition.complete?.(doc, writeContext) ?? []);
  // Server-filled members were appended; return members in schema order, as the document describes them.
  const order = Object.keys(definition.schema.properties ?? {});
  return { doc: Object.fromEntries(order.filter((name) => doc[name] !== undefined).map((name) => [name, doc[name]])), newSecrets };
}
