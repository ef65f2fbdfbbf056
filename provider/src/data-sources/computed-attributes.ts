// Turns a resource's attributes into a data source's read-only ones: same names, types and docs, all computed.
import { attribute, type Attribute } from '../framework/schema/attribute.ts';

/**
 * Computed-only copies of `attributes` (nested objects recursively) for a data source that reads what
 * the resource manages: no defaults, validators or replacement rules, and write-only attributes left out
 * (a data source can never read them back).
 */
export function computedAttributes(attributes: Record<string, Attribute>): Record<string, Attribute> {
  const copies: Record<string, Attribute> = {};
  for (const [name, source] of Object.entries(attributes)) {
    if (source.writeOnly) continue;
    const options = { description: source.description, computed: true, ...(source.sensitive ? { sensitive: true } : {}) };
    const nested = source.nested;
    if (!nested) copies[name] = { type: source.type, ...options };
    else if (nested.nesting === 'single') copies[name] = attribute.singleNested(computedAttributes(nested.attributes), options);
    else if (nested.nesting === 'list') copies[name] = attribute.listNested(computedAttributes(nested.attributes), options);
    else copies[name] = attribute.setNested(computedAttributes(nested.attributes), options);
  }
  return copies;
}
