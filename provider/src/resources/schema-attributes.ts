// Terraform attributes derived from the model's JSON Schema (schema/): types, modes, defaults, validators and docs, written once there.
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { formats } from '@relayform/schema/formats.ts';
import { apiValue, terraformDefault } from '@relayform/schema/terraform-form.ts';
import type { JsonSchema, TerraformAnnotation } from '@relayform/schema/schemas/json-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import { formatPath, type AttributePath } from '../protocol/attribute-path.ts';
import { Types, type TfType } from '../protocol/tf-type.ts';
import { BigNumber, Unknown, type TfValue } from '../protocol/value.ts';
import { attribute, type Attribute, type AttributeOptions } from '../framework/schema/attribute.ts';
import { distinctElements, greaterThan, sizeBetween } from '../framework/validators/collection-validators.ts';
import { invalidValue, type AttributeValidator, type ObjectValidator } from '../framework/validators/validator.ts';
import { between, eachElement, oneOf, stringMatching } from '../framework/validators/value-validators.ts';

/** What a resource adds to the derivation: cross-field rules per nested object path, and defaults that depend on siblings. */
export interface Derivation {
  /** Object validators per dotted path of a nested object ("" = the resource itself). */
  rules?: Record<string, ObjectValidator[]>;
  /** Plan-time defaults that depend on sibling configuration values, per dotted member path (optional and computed). */
  defaultsFrom?: Record<string, NonNullable<AttributeOptions['defaultFrom']>>;
}

/** The annotation of a member; a member without one has no Terraform description, which is a programming error. */
function annotationOf(name: string, schema: JsonSchema): TerraformAnnotation {
  const annotation = schema['x-terraform'];
  if (!annotation) throw new Error(`schema member "${name}" has no x-terraform annotation`);
  return annotation;
}

const typeOf = (schema: JsonSchema) => [schema.type].flat().find((t) => t !== 'null') as string;

function shownDefault(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(shownDefault).join(', ')}]` : JSON.stringify(value);
}

const placeholders = /\{(default|minimum|maximum|minLength|maxLength|minItems|maxItems)\}/g;

/** The annotation's description with `{default}` and the bounds filled in from the schema's own keywords. */
function describe(schema: JsonSchema): string {
  const { description } = schema['x-terraform']!;
  return description.replace(placeholders, (whole, key: string) => {
    if (key === 'default') return `\`${shownDefault(terraformDefault(schema) ?? schema.default)}\``;
    const keyword = (schema as Record<string, unknown>)[key];
    if (typeof keyword === 'number') return String(keyword);
    throw new Error(`description placeholder ${whole}: the schema has no ${key}`);
  });
}

/** A string format of the model (schema/ formats.ts), checked by the model's own predicate. */
export function modelFormat(name: string): AttributeValidator {
  const format = formats[name];
  if (!format) throw new Error(`unknown format ${name}`);
  return {
    description: `value must be ${format.description}`,
    validate: (value, { path }) => typeof value === 'string' && format.check(value)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${format.description}, got: ${JSON.stringify(value)}`)],
  };
}

function lengthRule(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max} characters`;
  if (max !== undefined) return `at most ${max} characters`;
  return min === 1 ? 'a non-empty string' : `at least ${min} characters`;
}

function stringValidators(schema: JsonSchema): AttributeValidator[] {
  const out: AttributeValidator[] = [];
  if (schema.enum) out.push(oneOf(...(schema.enum as Array<string | null>).filter((v): v is string => v !== null)));
  if (schema.format) out.push(modelFormat(schema.format));
  const { pattern, minLength, maxLength } = schema;
  if (pattern !== undefined || minLength !== undefined || maxLength !== undefined) {
    const rule = schema['x-terraform']?.rule ?? lengthRule(minLength, maxLength);
    out.push(stringMatching(new RegExp(pattern ?? '^[\\s\\S]*$'), rule, { min: minLength, max: maxLength }));
  }
  return out;
}

function numberValidators(schema: JsonSchema): AttributeValidator[] {
  const integer = typeOf(schema) === 'integer';
  const out: AttributeValidator[] = [];
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    out.push(between(schema.minimum ?? Number.MIN_SAFE_INTEGER, schema.maximum ?? Number.MAX_SAFE_INTEGER, { integer }));
  } else if (integer) {
    out.push(between(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { integer }));
  }
  if (typeof schema.exclusiveMinimum === 'number') out.push(greaterThan(schema.exclusiveMinimum));
  return out;
}

function arrayValidators(schema: JsonSchema, annotation: TerraformAnnotation | undefined): AttributeValidator[] {
  const out: AttributeValidator[] = [];
  const min = Math.max(schema.minItems ?? 0, annotation?.emptyAsNull ? 1 : 0);
  if (min > 0 || schema.maxItems !== undefined) out.push(sizeBetween(min, schema.maxItems ?? Number.MAX_SAFE_INTEGER));
  if (schema.uniqueItems && !annotation?.set) out.push(distinctElements());
  for (const inner of validatorsOf(schema.items!)) out.push(eachElement(inner, { set: annotation?.set === true }));
  return out;
}

/** The API's null shown as a number: that number passes, anything else must pass the rest and hears about it. */
function allowingNullAs(inner: AttributeValidator[], nullAs: { value: number; means: string }): AttributeValidator[] {
  return inner.map((validator) => ({
    description: `${validator.description} (or ${nullAs.value} for ${nullAs.means})`,
    validate: (value, context) => value === nullAs.value ? []
      : validator.validate(value, context).map((d) => ({ ...d, detail: `${d.detail} (or ${nullAs.value} for ${nullAs.means})` })),
  }));
}

function validatorsOf(schema: JsonSchema): AttributeValidator[] {
  const annotation = schema['x-terraform'];
  const kind = typeOf(schema);
  const found = kind === 'string' ? stringValidators(schema)
    : kind === 'integer' || kind === 'number' ? numberValidators(schema)
      : kind === 'array' ? arrayValidators(schema, annotation) : [];
  return annotation?.nullAs ? allowingNullAs(found, annotation.nullAs) : found;
}

function scalarType(schema: JsonSchema): TfType {
  const kind = typeOf(schema);
  if (kind === 'string') return Types.string;
  if (kind === 'integer' || kind === 'number') return Types.number;
  if (kind === 'boolean') return Types.bool;
  throw new Error(`no Terraform type for JSON type ${kind}`);
}

/** The attribute for one member; `required` says the parent schema lists it as required. */
function attributeOf(path: string, schema: JsonSchema, required: boolean, derivation: Derivation): Attribute {
  const annotation = annotationOf(path, schema);
  const options: AttributeOptions = { description: describe(schema) };
  if (schema.readOnly) Object.assign(options, { computed: true, useStateForUnknown: !annotation.reported });
  else if (schema.writeOnly) Object.assign(options, { optional: true, writeOnly: true, sensitive: true });
  else if (required || annotation.required) options.required = true;
  else if (annotation.serverDefault || annotation.keptWhenOmitted) Object.assign(options, { optional: true, computed: true, useStateForUnknown: true });
  else if (derivation.defaultsFrom?.[path]) Object.assign(options, { optional: true, computed: true, defaultFrom: derivation.defaultsFrom[path] });
  else {
    const fallback = terraformDefault(schema);
    if (fallback !== undefined) options.default = fallback;
    else options.optional = true;
  }
  if (annotation.requiresReplace) options.requiresReplace = true;
  if (annotation.sensitive) options.sensitive = true;
  if (annotation.deprecated) options.deprecated = annotation.deprecated;
  if (annotation.requiredOnCreate) {
    const { when } = annotation.requiredOnCreate;
    options.requiredOnCreate = when ? { when: { attribute: when.member, in: when.in } } : {};
  }
  if (!schema.readOnly) {
    const validators = validatorsOf(schema);
    if (validators.length > 0) options.validators = validators;
  }
  if (schema.properties) {
    return attribute.singleNested(attributesAt(path, schema, derivation), { ...options, objectValidators: derivation.rules?.[path] });
  }
  if (typeOf(schema) === 'array' && schema.items?.properties) {
    // A list of objects: a nested attribute whose elements get the object's members (its rules: `derivation.rules[path]`).
    const nested = { ...options, objectValidators: derivation.rules?.[path] };
    return annotation.set ? attribute.setNested(attributesAt(path, schema.items, derivation), nested) : attribute.listNested(attributesAt(path, schema.items, derivation), nested);
  }
  if (typeOf(schema) === 'array') {
    const element = scalarType(schema.items!);
    return annotation.set ? attribute.set(element, options) : attribute.list(element, options);
  }
  return { string: attribute.string, number: attribute.number, bool: attribute.bool }[scalarType(schema).kind as 'string' | 'number' | 'bool'](options);
}

function attributesAt(path: string, schema: JsonSchema, derivation: Derivation): Record<string, Attribute> {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, member]) =>
    [name, attributeOf(path ? `${path}.${name}` : name, member, required.has(name), derivation)]));
}

/** Every member of an object schema as a Terraform attribute (the resource's own object validators: `derivation.rules[""]`). */
export function attributesOf(schema: JsonSchema, derivation: Derivation = {}): Record<string, Attribute> {
  return attributesAt('', schema, derivation);
}

/** The attribute path of a JSON path relative to `base` (`$.a.b[0]` -> a.b[0]). */
function attributePath(base: AttributePath, jsonPath: string): AttributePath {
  const steps = [...jsonPath.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? { attribute: m[1] } : { index: Number(m[2]) }));
  return [...base, ...steps];
}

function containsUnknown(value: TfValue): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return typeof value === 'object' && value !== null && !(value instanceof BigNumber) && Object.values(value).some(containsUnknown);
}

/**
 * A cross-field rule of the model as an object validator: the members the rule `reads` (skipped while any of them is
 * unknown) in their API form, every default filled, go through `rule`; each detail becomes an error on the attribute its
 * JSON path names, or with `warning` a warning of that summary (a rule whose findings the API accepts too).
 */
export function ruleValidator(schema: JsonSchema, description: string, reads: string[], rule: (document: Record<string, unknown>) => ValidationDetail[],
  warning?: { summary: string }): ObjectValidator {
  return {
    description,
    validate(object, path) {
      const read = Object.fromEntries(reads.map((name) => [name, object[name] ?? null]));
      if (containsUnknown(read)) return [];
      const document = applyDefaults(schema, dropNulls(apiValue({ ...schema, properties: pick(schema.properties ?? {}, reads) }, read) as Record<string, unknown>));
      return rule(document).map((detail) => {
        const at = attributePath(path, detail.path);
        // A detail about the object as a whole ("$") is a sentence of its own.
        const sentence = detail.path === '$' ? `${detail.message[0].toUpperCase()}${detail.message.slice(1)}` : `Attribute ${formatPath(at)} ${detail.message}`;
        return warning ? { ...invalidValue(at, sentence), severity: 'warning' as const, summary: warning.summary } : invalidValue(at, sentence);
      });
    },
  };
}

function pick<T>(record: Record<string, T>, names: string[]): Record<string, T> {
  return Object.fromEntries(names.map((name) => [name, record[name]]));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Nulls out, so defaults fill what the configuration left unset (as the API fills what a request omits). */
function dropNulls(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null).map(([k, v]) => [k, isPlainObject(v) ? dropNulls(v) : v]));
}
