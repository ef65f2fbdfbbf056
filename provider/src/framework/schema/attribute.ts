// Attribute definitions for resource, data source and provider schemas: the resource author's vocabulary.
import { Types, type TfType } from '../../protocol/tf-type.ts';
import type { TfValue } from '../../protocol/value.ts';
import type { AttributeValidator, ObjectValidator } from '../validators/validator.ts';

/** How an attribute behaves in configuration, plan and state. Exactly one of required/optional/computed-only. */
export interface AttributeOptions {
  /** Markdown; shown in generated docs. Required: every attribute is documented. */
  description: string;
  required?: boolean;
  optional?: boolean;
  /** Set by the provider (alone) or by the provider when the config leaves it null (with optional). */
  computed?: boolean;
  /** Hidden in plan output. Still stored in state: use writeOnly for secrets. */
  sensitive?: boolean;
  /** Terraform 1.11+: never planned, never stored; create/update see it from the config. */
  writeOnly?: boolean;
  /** Plan-time default when the CONFIG is null; implies optional + computed, so the plan shows it. */
  default?: TfValue;
  /**
   * Plan-time default that depends on sibling configuration values (e.g. only when generating, not when
   * importing): called with the configuration object when this attribute is null in it; undefined means
   * no default, so the attribute (which must be computed) stays unknown until apply.
   */
  defaultFrom?: (config: Readonly<Record<string, TfValue>>) => TfValue | undefined;
  /** A change to this attribute destroys and re-creates the object. */
  requiresReplace?: boolean;
  /** On update, keep the prior state value instead of "known after apply" (for values that never change, like ids). */
  useStateForUnknown?: boolean;
  /** Checks run on known, non-null configuration values. */
  validators?: AttributeValidator[];
  /** Shown as a warning when the attribute is set. */
  deprecated?: string;
  /**
   * Write-only only: creating the object without it is a plan-time error on it. With `when`, only while the sibling
   * `attribute` is configured to one of the values `in`. (The object is created when the prior state holds no object here.)
   */
  requiredOnCreate?: { when?: { attribute: string; in: TfValue[] } };
}

/** The object inside a nested attribute. */
export interface NestedObject {
  nesting: 'single' | 'list' | 'set';
  attributes: Record<string, Attribute>;
  validators?: ObjectValidator[];
}

/** A schema attribute: its options, its Terraform type, and for nested attributes the nested object. */
export interface Attribute extends AttributeOptions {
  type: TfType;
  nested?: NestedObject;
}

type NestedOptions = AttributeOptions & { validators?: AttributeValidator[]; objectValidators?: ObjectValidator[] };

function make(type: TfType, options: AttributeOptions, nested?: NestedObject): Attribute {
  const attribute: Attribute = { ...options, type, ...(nested ? { nested } : {}) };
  if (attribute.default !== undefined) Object.assign(attribute, { optional: true, computed: true });
  const modes = [attribute.required, attribute.optional || attribute.computed].filter(Boolean).length;
  if (modes !== 1) throw new Error(`attribute "${options.description}": set exactly one of required, optional or computed`);
  if (attribute.writeOnly && (attribute.computed || attribute.default !== undefined)) throw new Error('write-only attributes cannot be computed');
  if (attribute.defaultFrom && !attribute.computed) throw new Error(`attribute "${options.description}": defaultFrom needs computed`);
  if (attribute.requiredOnCreate && !attribute.writeOnly) throw new Error(`attribute "${options.description}": requiredOnCreate is for write-only attributes`);
  return attribute;
}

/** Whether any attribute in `attributes`, at any depth, is write-only. */
function holdsWriteOnly(attributes: Record<string, Attribute>): boolean {
  return Object.values(attributes).some((a) => a.writeOnly || (a.nested !== undefined && holdsWriteOnly(a.nested.attributes)));
}

function nestedObject(nesting: NestedObject['nesting'], attributes: Record<string, Attribute>, options: NestedOptions) {
  // Terraform fills a computed value from the provider (or, under mock_provider, with made-up values), write-only
  // members included, and then refuses the result: terraform-plugin-framework rejects this schema for that reason.
  if ((options.computed || options.default !== undefined) && holdsWriteOnly(attributes)) {
    throw new Error(`attribute "${options.description}": a computed nested attribute cannot hold write-only attributes`);
  }
  const type = Types.object(Object.fromEntries(Object.entries(attributes).map(([k, a]) => [k, a.type])));
  const nested: NestedObject = { nesting, attributes, ...(options.objectValidators ? { validators: options.objectValidators } : {}) };
  const { objectValidators: _unused, ...rest } = options;
  return make(nesting === 'single' ? type : nesting === 'list' ? Types.list(type) : Types.set(type), rest, nested);
}

/** Builders for every attribute kind a schema can use. */
export const attribute = {
  string: (options: AttributeOptions): Attribute => make(Types.string, options),
  number: (options: AttributeOptions): Attribute => make(Types.number, options),
  bool: (options: AttributeOptions): Attribute => make(Types.bool, options),
  list: (element: TfType, options: AttributeOptions): Attribute => make(Types.list(element), options),
  set: (element: TfType, options: AttributeOptions): Attribute => make(Types.set(element), options),
  map: (element: TfType, options: AttributeOptions): Attribute => make(Types.map(element), options),
  /** One nested object: `limits = { max_connections = 10 }`. */
  singleNested: (attributes: Record<string, Attribute>, options: NestedOptions): Attribute => nestedObject('single', attributes, options),
  /** A list of nested objects: `rules = [{ ... }, { ... }]`. */
  listNested: (attributes: Record<string, Attribute>, options: NestedOptions): Attribute => nestedObject('list', attributes, options),
  /** A set of nested objects. */
  setNested: (attributes: Record<string, Attribute>, options: NestedOptions): Attribute => nestedObject('set', attributes, options),
};
