// The JSON Schema shape the config model is written in (draft 2020-12 keywords that jsonschema also understands), with Terraform annotations.
import type { Schema } from 'jsonschema';

/**
 * How a member appears in Terraform. The provider derives each attribute from the JSON Schema keywords (type,
 * default, bounds, enum, format, pattern, required, readOnly, writeOnly) and this annotation; nothing about an
 * attribute is written twice. In `description`, `{default}` stands for the default (in backticks) and `{minimum}`,
 * `{maximum}`, `{minLength}`, `{maxLength}`, `{minItems}`, `{maxItems}` for those bounds.
 */
export interface TerraformAnnotation {
  /** Markdown for the generated docs. */
  description: string;
  /** Required in Terraform although the API body may omit it (the parent id, which travels in the URL). */
  required?: true;
  /** The server fills the member in when it is omitted and keeps it: optional and computed, the prior state kept on update. */
  serverDefault?: true;
  /** A change destroys and re-creates the object. */
  requiresReplace?: true;
  /** An array shown as a Terraform set (no order). */
  set?: true;
  /** An empty array is shown as null (unset) in Terraform, so `[]` and an omitted attribute plan the same. */
  emptyAsNull?: true;
  /** The API's null shown as this number in Terraform (which cannot tell an explicit null from an omitted value), and what it means. */
  nullAs?: { value: number; means: string };
  /** What a `pattern` allows, in words ("a domain without \"\\\", \"@\", \":\" or spaces"). */
  rule?: string;
  /** Shown as a warning when the attribute is set. */
  deprecated?: string;
  /**
   * Only ever moves forward (a `*_wo_version`): omitted in the configuration, the prior value is kept (optional and
   * computed), so an import or export that leaves it out plans clean and a version is never planned back to null.
   */
  keptWhenOmitted?: true;
  /**
   * A write-only secret the object cannot be created without: Terraform reports its absence at plan time. With `when`,
   * only while the sibling `member` has one of the values `in` (a password for `authentication = "basic"`).
   */
  requiredOnCreate?: { when?: { member: string; in: string[] } };
  /**
   * A read-only member the running relay reports rather than stores (a state, not configuration): computed, kept from
   * state while nothing else changes, unknown ("known after apply") in a plan that changes the object.
   */
  reported?: true;
  /** A secret the server returns (an issued token): marked sensitive, so Terraform redacts it in plans and output. */
  sensitive?: true;
}

/** A JSON Schema with the OpenAPI 3.1 annotations the model uses (readOnly = server-filled, writeOnly = secret input). */
export interface JsonSchema extends Schema {
  readOnly?: boolean;
  writeOnly?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  'x-terraform'?: TerraformAnnotation;
}

/** A TCP port number. */
export const portSchema: JsonSchema = { type: 'integer', minimum: 1, maximum: 65535 };

/** The server-assigned id every object carries; `object` names it in the docs ("virtual server"). */
export function idSchema(object: string): JsonSchema {
  return { type: 'string', readOnly: true, description: 'Assigned by the server; stable.', ...terraform(`The ${object} id assigned by the relay.`) };
}

/** The parent virtual server of a child object; taken from the URL. `what` is said in the docs ("this rule belongs to"). */
export function parentIdSchema(what: string, object: string): JsonSchema {
  return {
    type: 'string',
    minLength: 1,
    description: 'The virtual server this object belongs to (from the URL); immutable.',
    ...terraform(`The virtual server ${what}. Changing it replaces the ${object}.`, { required: true, requiresReplace: true }),
  };
}

/**
 * A `*_wo_version` attribute: returned, chosen by the client to signal a new write-only secret; `description` is the
 * Terraform one. Kept when omitted: a version only ever moves forward.
 */
export function secretVersionSchema(description: string, more: Omit<TerraformAnnotation, 'description'> = {}): JsonSchema {
  return {
    type: ['integer', 'null'],
    minimum: 0,
    default: null,
    description: 'Changes when the client sends a new write-only secret; returned on reads.',
    ...terraform(`${description} Omitted: the last version is kept (it is never planned back to null).`, { keptWhenOmitted: true, ...more }),
  };
}

/** The `x-terraform` member of a schema node, to spread into it: `{ type: 'boolean', ...terraform('Whether ...') }`. */
export function terraform(description: string, more: Omit<TerraformAnnotation, 'description'> = {}): Pick<JsonSchema, 'x-terraform'> {
  return { 'x-terraform': { description, ...more } };
}
