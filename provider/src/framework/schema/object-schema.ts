// The schema of a resource, data source or provider configuration, and its protocol form.
import type { Schema, SchemaAttribute } from '../../protocol/schema.ts';
import { Types, type TfType } from '../../protocol/tf-type.ts';
import type { ObjectValidator } from '../validators/validator.ts';
import type { Attribute } from './attribute.ts';

/** A top-level schema. `version` is the resource state version (bump it with an upgrader when state changes shape). */
export interface ObjectSchema {
  description: string;
  version?: number;
  attributes: Record<string, Attribute>;
  /** Checks across attributes (exactly-one-of, conflicts-with, ...). */
  validators?: ObjectValidator[];
}

/** Types already built, by attributes record: validation and planning ask for the same schema's type on every call. */
const types = new WeakMap<Record<string, Attribute>, TfType>();

/** The Terraform object type of values of this schema. */
export function schemaType(schema: { attributes: Record<string, Attribute> }): TfType {
  let type = types.get(schema.attributes);
  if (type === undefined) {
    type = Types.object(Object.fromEntries(Object.entries(schema.attributes).map(([k, a]) => [k, a.type])));
    types.set(schema.attributes, type);
  }
  return type;
}

/** The protocol schema sent in GetProviderSchema, attributes sorted by name for stable output. */
export function toProtocolSchema(schema: ObjectSchema): Schema {
  return { version: schema.version ?? 0, block: { description: schema.description, attributes: toProtocolAttributes(schema.attributes) } };
}

function toProtocolAttributes(attributes: Record<string, Attribute>): SchemaAttribute[] {
  return Object.keys(attributes).sort().map((name) => {
    const a = attributes[name];
    const description = a.deprecated ? `${a.description} **Deprecated**: ${a.deprecated}` : a.description;
    return {
      name,
      ...(a.nested
        ? { nestedType: { nesting: a.nested.nesting, attributes: toProtocolAttributes(a.nested.attributes) } }
        : { type: a.type }),
      description,
      required: a.required ?? false,
      optional: a.optional ?? false,
      computed: a.computed ?? false,
      sensitive: a.sensitive ?? false,
      writeOnly: a.writeOnly ?? false,
      deprecated: Boolean(a.deprecated),
    };
  });
}
