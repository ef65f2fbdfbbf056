// Attribute paths: where in a resource's value a diagnostic or a replacement reason points.
import type * as tfplugin6 from './generated/tfplugin6.types.ts';

/** One step: an attribute of an object, a map key, or a list/tuple index (sets have no addressable elements). */
export type PathStep = { attribute: string } | { key: string } | { index: number };

/** A path from the resource's root object, e.g. [{attribute:'limits'},{attribute:'max_connections'}]. */
export type AttributePath = readonly PathStep[];

/** Builds a path from names and indexes: path('rules', 0, 'cidr'); strings are attributes, numbers indexes. */
export function path(...steps: Array<string | number>): AttributePath {
  return steps.map((s) => (typeof s === 'number' ? { index: s } : { attribute: s }));
}

/** A readable form for messages and logs: rules[0].cidr, tags["env"]. */
export function formatPath(p: AttributePath): string {
  return p.map((s, i) => 'attribute' in s ? (i === 0 ? s.attribute : `.${s.attribute}`) : 'key' in s ? `[${JSON.stringify(s.key)}]` : `[${s.index}]`).join('');
}

/** The protocol form: { steps: [{ attribute_name } | { element_key_string } | { element_key_int }] }. */
export function attributePathToProto(p: AttributePath): tfplugin6.IAttributePath {
  return {
    steps: p.map((s) => 'attribute' in s ? { attribute_name: s.attribute } : 'key' in s ? { element_key_string: s.key } : { element_key_int: s.index }),
  };
}

/** Reads the decoded protocol form back (steps with none of the selectors set are dropped). */
export function attributePathFromProto(proto: tfplugin6.AttributePath | null): AttributePath {
  const steps: PathStep[] = [];
  for (const s of proto?.steps ?? []) {
    if (s.selector === 'attribute_name') steps.push({ attribute: s.attribute_name });
    else if (s.selector === 'element_key_string') steps.push({ key: s.element_key_string });
    else if (s.selector === 'element_key_int') steps.push({ index: s.element_key_int });
  }
  return steps;
}
