// Runs a schema's validators over a configuration value, collecting diagnostics with attribute paths.
import type { AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { Unknown, isObjectValue, type TfValue } from '../protocol/value.ts';
import type { Attribute } from './schema/attribute.ts';
import type { ObjectValidator } from './validators/validator.ts';

/**
 * Validates `config` against `attributes`: attribute validators on known non-null values, nested objects
 * recursively (list elements by index; set elements at the set's path), then the object validators.
 * Required-ness and types are Terraform's job and not checked again here.
 */
export function validateConfig(
  attributes: Record<string, Attribute>, validators: readonly ObjectValidator[] | undefined, config: TfValue, path: AttributePath = [],
): Diagnostic[] {
  if (!isObjectValue(config)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = config[name] ?? null;
    if (value === null || value instanceof Unknown) continue;
    const at: AttributePath = [...path, { attribute: name }];
    if (attribute.deprecated) diagnostics.push({ severity: 'warning', summary: 'Attribute Deprecated', detail: attribute.deprecated, attribute: at });
    for (const validator of attribute.validators ?? []) diagnostics.push(...validator.validate(value, { path: at, parent: config }));
    const nested = attribute.nested;
    if (!nested) continue;
    if (nested.nesting === 'single') diagnostics.push(...validateConfig(nested.attributes, nested.validators, value, at));
    else if (Array.isArray(value)) {
      value.forEach((element, index) => diagnostics.push(
        ...validateConfig(nested.attributes, nested.validators, element, nested.nesting === 'list' ? [...at, { index }] : at)));
    }
  }
  for (const validator of validators ?? []) diagnostics.push(...validator.validate(config, path));
  return diagnostics;
}
