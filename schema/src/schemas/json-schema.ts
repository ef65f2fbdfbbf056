// The JSON Schema shape the config model is written in (draft 2020-12 keywords that jsonschema also understands).
import type { Schema } from 'jsonschema';

/** A JSON Schema with the OpenAPI 3.1 annotations the model uses (readOnly = server-filled, writeOnly = secret input). */
export interface JsonSchema extends Schema {
  readOnly?: boolean;
  writeOnly?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

/** A TCP port number. */
export const portSchema: JsonSchema = { type: 'integer', minimum: 1, maximum: 65535 };

/** The server-assigned id every object carries. */
export const idSchema: JsonSchema = { type: 'string', readOnly: true, description: 'Assigned by the server; stable.' };

/** The parent virtual server of a child object; taken from the URL. */
export const parentIdSchema: JsonSchema = {
  type: 'string',
  description: 'The virtual server this object belongs to (from the URL); immutable.',
};

/** A `*_wo_version` attribute: returned, chosen by the client to signal a new write-only secret. */
export const secretVersionSchema: JsonSchema = {
  type: ['integer', 'null'],
  default: null,
  description: 'Changes when the client sends a new write-only secret; returned on reads.',
};
