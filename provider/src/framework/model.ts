// Conversions between protocol values and the plain models resource authors handle.
import { Unknown, isObjectValue, type TfValue } from '../protocol/value.ts';
import type { Attribute } from './schema/attribute.ts';

type Attributes = Record<string, Attribute>;

/** A model for resource code: unknown values (not yet known until apply) become null. */
export function toModel(value: TfValue): any {
  if (value instanceof Unknown) return null;
  if (Array.isArray(value)) return value.map(toModel);
  if (isObjectValue(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toModel(v)]));
  return value;
}

/** `planned` with the write-only values put back from `config` (Terraform plans them as null), also in nested objects. */
export function withWriteOnlyFromConfig(attributes: Attributes, planned: TfValue, config: TfValue): TfValue {
  if (!isObjectValue(planned) || !isObjectValue(config)) return planned;
  const out: Record<string, TfValue> = { ...planned };
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.writeOnly) out[name] = config[name] ?? null;
    else if (attribute.nested?.nesting === 'single') out[name] = withWriteOnlyFromConfig(attribute.nested.attributes, planned[name] ?? null, config[name] ?? null);
    else if (attribute.nested && Array.isArray(planned[name]) && Array.isArray(config[name])) {
      const configured = config[name] as TfValue[];
      out[name] = (planned[name] as TfValue[]).map((e, i) => withWriteOnlyFromConfig(attribute.nested!.attributes, e, configured[i] ?? null));
    }
  }
  return out;
}

/**
 * The state to hand Terraform from what resource code returned: every schema attribute present,
 * write-only attributes null at any depth, attributes the code left undefined taken from `fallback`
 * (the plan or prior state) when known, else null.
 */
export function toState(attributes: Attributes, result: unknown, fallback: TfValue): TfValue {
  if (result === null || result === undefined) return null;
  const source = result as Record<string, TfValue | undefined>;
  const backup = isObjectValue(fallback) ? fallback : {};
  const out: Record<string, TfValue> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = source[name] !== undefined ? source[name]! : backup[name] instanceof Unknown ? null : (backup[name] ?? null);
    if (attribute.writeOnly) out[name] = null;
    else if (attribute.nested?.nesting === 'single') out[name] = isObjectValue(value) ? toState(attribute.nested.attributes, value, backup[name] ?? null) : value;
    else if (attribute.nested && Array.isArray(value)) out[name] = value.map((e) => toState(attribute.nested!.attributes, e, null));
    else out[name] = value;
  }
  return out;
}
