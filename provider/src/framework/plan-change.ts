// PlanResourceChange's decision, made once here: create, update, replace, no-op or delete, and the planned state.
import type { AttributePath } from '../protocol/attribute-path.ts';
import { UNKNOWN, Unknown, isObjectValue, type TfValue } from '../protocol/value.ts';
import { canonicalValue, valuesEqual } from '../protocol/value-equality.ts';
import type { Attribute } from './schema/attribute.ts';
import { schemaType } from './schema/object-schema.ts';

type Attributes = Record<string, Attribute>;

/** The planned state and the attribute paths whose change forces replacement. */
export interface PlannedChange {
  action: 'create' | 'update' | 'no-op' | 'delete';
  planned: TfValue;
  requiresReplace: AttributePath[];
}

/**
 * Plans from the CONFIGURATION and the prior state (the proposed new state only signals deletion):
 * - config values are planned as written (unknowns included); write-only attributes are always null;
 * - a null config value takes the attribute's default (fixed, or defaultFrom the sibling config values),
 *   else (computed) the prior value, else null;
 * - no prior state: create, every computed value without config or default is unknown;
 * - nothing differs from the prior state: no-op, the plan IS the prior state;
 * - something differs: update; computed values without config or default become unknown unless
 *   marked useStateForUnknown; changed requiresReplace attributes are listed (Terraform then plans a
 *   replacement and asks again with no prior state).
 */
export function planChange(attributes: Attributes, prior: TfValue, config: TfValue, proposed: TfValue): PlannedChange {
  if (proposed === null || config === null) return { action: 'delete', planned: null, requiresReplace: [] };
  const planned = planObject(attributes, config, isObjectValue(prior) ? prior : null);
  if (prior === null) return { action: 'create', planned, requiresReplace: [] };
  if (valuesEqual(planned, prior, schemaType({ attributes }))) return { action: 'no-op', planned: prior, requiresReplace: [] };
  const updated = markComputedUnknown(attributes, planned, config);
  const requiresReplace = Object.entries(attributes)
    .filter(([name, a]) => a.requiresReplace && !valuesEqual(readKey(updated, name), readKey(prior, name), a.type))
    .map(([name]): AttributePath => [{ attribute: name }]);
  return { action: 'update', planned: updated, requiresReplace };
}

/** The plan-time default of `attribute` in the object `config`: the fixed default, else defaultFrom's answer. */
function defaultOf(attribute: Attribute, config: Readonly<Record<string, TfValue>>): TfValue | undefined {
  return attribute.default !== undefined ? attribute.default : attribute.defaultFrom?.(config);
}

function readKey(value: TfValue, key: string): TfValue {
  return isObjectValue(value) ? (value[key] ?? null) : null;
}

function planObject(attributes: Attributes, config: TfValue, prior: Record<string, TfValue> | null): TfValue {
  if (!isObjectValue(config)) return config;
  const out: Record<string, TfValue> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const configured = config[name] ?? null;
    const before = prior ? (prior[name] ?? null) : null;
    if (attribute.writeOnly) out[name] = null;
    else if (attribute.nested && configured !== null && !(configured instanceof Unknown)) out[name] = planNested(attribute, configured, before);
    else if (configured !== null) out[name] = configured;
    else if (defaultOf(attribute, config) !== undefined) out[name] = defaultOf(attribute, config)!;
    else if (attribute.computed) out[name] = prior ? before : UNKNOWN;
    else out[name] = null;
  }
  return out;
}

function planNested(attribute: Attribute, configured: TfValue, before: TfValue): TfValue {
  const nested = attribute.nested!;
  if (nested.nesting === 'single') return planObject(nested.attributes, configured, isObjectValue(before) ? before : null);
  if (!Array.isArray(configured)) return configured;
  const priorElements = (Array.isArray(before) ? before : []).filter(isObjectValue);
  if (nested.nesting === 'list') return configured.map((element, i) => planObject(nested.attributes, element, priorElements[i] ?? null));
  // Set elements have no index: each pairs with the prior element whose configurable attributes are equal (else it is
  // new: computed unknown), found by their canonical text (a set of 10,000 rules is not 10,000 searches).
  const configurable = Object.entries(nested.attributes).filter(([, a]) => !(a.computed && !a.optional) && !a.writeOnly);
  const keyOf = (element: Record<string, TfValue>) => configurable.map(([k, a]) => canonicalValue(element[k] ?? null, a.type)).join('|');
  const priorByKey = new Map<string, Record<string, TfValue>>();
  for (const element of priorElements) if (!priorByKey.has(keyOf(element))) priorByKey.set(keyOf(element), element);
  return configured.map((element) => planObject(nested.attributes, element, isObjectValue(element) ? (priorByKey.get(keyOf(element)) ?? null) : null));
}

function markComputedUnknown(attributes: Attributes, planned: TfValue, config: TfValue): TfValue {
  if (!isObjectValue(planned) || !isObjectValue(config)) return planned;
  const out: Record<string, TfValue> = { ...planned };
  for (const [name, attribute] of Object.entries(attributes)) {
    const configured = config[name] ?? null;
    if (attribute.nested?.nesting === 'single' && isObjectValue(configured)) out[name] = markComputedUnknown(attribute.nested.attributes, planned[name] ?? null, configured);
    else if (attribute.computed && configured === null && defaultOf(attribute, config) === undefined && !attribute.useStateForUnknown) out[name] = UNKNOWN;
  }
  return out;
}
