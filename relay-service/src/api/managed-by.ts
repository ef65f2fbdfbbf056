// The "managed by" marker of configuration objects: a tool (the Terraform provider) names itself in a request header,
// the relay keeps it as store metadata (not in the document, so neither the ETag nor an export changes) and shows it read-only.
import type { IncomingHttpHeaders } from 'node:http';
import { managedByHeader } from '@relayform/schema/managed-by.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { ApiError } from './api-error.ts';

/** The member every configuration object carries in responses; never stored in its document, ignored in request bodies. */
export const managedByMember = 'managed_by';

/**
 * The manager a request names, or undefined when it names none. A value other than a short lowercase token
 * (`terraform`, `pulumi`, `my-tool`) is a 400 naming the header.
 */
export function managerOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[managedByHeader.toLowerCase()];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(value)) {
    throw new ApiError(400, 'invalid_header', `${managedByHeader} must be a lowercase tool name such as "terraform".`,
      [{ path: `header.${managedByHeader}`, message: 'must be 1 to 40 characters: a lowercase letter, then lowercase letters, digits or "-"' }]);
  }
  return value;
}

/** `schema` (a resource's document) as responses show it: with the read-only `managed_by` member, for the OpenAPI document. */
export function withManagedBy(schema: JsonSchema): JsonSchema {
  return {
    ...schema,
    properties: {
      ...schema.properties,
      [managedByMember]: {
        type: ['string', 'null'], readOnly: true,
        description: `The tool that manages this object ("terraform" once the Terraform provider created, imported, read or updated it, ` +
          `sending ${managedByHeader}), or null. Reported, not part of the document: it changes neither the ETag nor an export, and ` +
          'is ignored in request bodies. A delete clears it.',
      },
    },
  };
}
