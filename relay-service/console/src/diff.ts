// The before/after difference of an audit entry, field by field (JSON paths such as relay_control.mode).

export interface FieldChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/** Every leaf of a JSON value by its dotted path; arrays are leaves (their order is part of the value). */
function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined && prefix) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** The fields that differ, in path order; a created object lists every field as added, a deleted one as removed. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = leaves(before, '', new Map());
  const now = leaves(after, '', new Map());
  return [...new Set([...old.keys(), ...now.keys()])].sort()
    .filter((path) => old.get(path) !== now.get(path))
    .map((path) => ({ path, before: old.get(path), after: now.get(path) }));
}
