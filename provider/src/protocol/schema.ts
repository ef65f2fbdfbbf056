// Protocol schemas: what GetProviderSchema tells Terraform about a provider, resource or data source.
import * as tfplugin6 from './generated/tfplugin6.types.ts';
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

const NestingMode = tfplugin6.Schema_Object_NestingMode;
const NESTING = { single: NestingMode.SINGLE, list: NestingMode.LIST, set: NestingMode.SET, map: NestingMode.MAP } as const;
const { MARKDOWN } = tfplugin6.StringKind;

/** The protocol form; descriptions are Markdown. Types are JSON bytes; nested attributes carry no type. */
export function schemaToProto(schema: Schema): tfplugin6.ISchema {
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

function attributeToProto(a: SchemaAttribute): tfplugin6.ISchema_Attribute {
  return {
    name: a.name,
    type: a.type ? Buffer.from(JSON.stringify(typeToJson(a.type))) : Buffer.alloc(0),
    nested_type: a.nestedType ? { attributes: a.nestedType.attributes.map(attributeToProto), nesting: NESTING[a.nestedType.nesting] } : null,
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
