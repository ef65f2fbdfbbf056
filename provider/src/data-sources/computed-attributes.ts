// Turns a resource's attributes into a data source's read-only ones: same names, types and docs, all computed.
import { attribute, type Attribute } from '../framework/schema/attribute.ts';

/**
 * The resource's description without its "Defaults to `x`." sentence (the model's `{default}` placeholder): what a
 * configuration gets when it leaves the argument out says nothing to someone reading the value.
 */
function readDescription(description: string): string {
  return description.replace(/ ?Defaults to `[^`]*`\./g, '').trim();
}

/**
 * Computed-only copies of `attributes` (nested objects recursively) for a data source that reads what
 * the resource manages: no defaults (nor their sentence in the description), validators or replacement rules, and write-only attributes left out
 * (a data source can never read them back).
 */
export function computedAttributes(attributes: Record<string, Attribute>): Record<string, Attribute> {
  const copies: Record<string, Attribute> = {};
  for (const [name, source] of Object.entries(attributes)) {
    if (source.writeOnly) continue;
    const options = { description: readDescription(source.description), computed: true, ...(source.sensitive ? { sensitive: true } : {}) };
    const nested = source.nested;
    if (!nested) copies[name] = { type: source.type, ...options };
    else if (nested.nesting === 'single') copies[name] = attribute.singleNested(computedAttributes(nested.attributes), options);
    else if (nested.nesting === 'list') copies[name] = attribute.listNested(computedAttributes(nested.attributes), options);
    else copies[name] = attribute.setNested(computedAttributes(nested.attributes), options);
  }
  return copies;
}
