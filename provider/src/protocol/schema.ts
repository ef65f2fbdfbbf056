// Protocol schemas: what GetProviderSchema tells Terraform about a provider, resource or data source.
import { typeToJson, type TfType } from './tf-type.ts';

/** One attribute: either a `type` or a `nestedType` (nested attributes, protocol 6). */
export interface SchemaAttribute {
  name: string;
  type?: TfType;
  nestedType?: SchemaNestedObject;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  writeOnly?: boolean;
}

export interface SchemaNestedObject {
  attributes: SchemaAttribute[];
  nesting: 'single' | 'list' | 'set' | 'map';
}

/** A schema with its version (resource state versions; 0 for providers and data sources). */
export interface Schema {
  version: number;
  block: { attributes: SchemaAttribute[]; description: string; deprecated?: boolean };
}

const NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;
const MARKDOWN = 1;

/** The protocol form; descriptions are Markdown. Types are JSON bytes; nested attributes carry no type. */
export function schemaToProto(schema: Schema): object {
  return {
    version: schema.version,
    block: {
      version: schema.version,
      attributes: schema.block.attributes.map(attributeToProto),
      block_types: [],
      description: schema.block.description,
      description_kind: MARKDOWN,
      deprecated: schema.block.deprecated ?? false,
    },
  };
}

function attributeToProto(a: SchemaAttribute): object {
  return {
    name: a.name,
    type: a.type ? Buffer.from(JSON.stringify(typeToJson(a.type))) : Buffer.alloc(0),
    ...(a.nestedType ? { nested_type: { attributes: a.nestedType.attributes.map(attributeToProto), nesting: NESTING[a.nestedType.nesting] } } : {}),
    description: a.description,
    description_kind: MARKDOWN,
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    deprecated: a.deprecated ?? false,
    write_only: a.writeOnly ?? false,
  };
}
