// Cross-attribute validators: exactly one of a group, and attributes that exclude each other.
import { formatPath, type AttributePath } from '../../protocol/attribute-path.ts';
import { Unknown, type TfValue } from '../../protocol/value.ts';
import { invalidValue, type AttributeValidator, type ObjectValidator } from './validator.ts';

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
const at = (path: AttributePath, name: string): AttributePath => [...path, { attribute: name }];

/**
 * Exactly one of `names` must be set (non-null) on the object. Skipped while any of them is unknown.
 * The diagnostic points at the second attribute set, or at the object when none is.
 */
export function exactlyOneOf(...names: string[]): ObjectValidator {
  return {
    description: `exactly one of ${quoted(names)} must be set`,
    validate(object: Readonly<Record<string, TfValue>>, path: AttributePath) {
      if (names.some((n) => object[n] instanceof Unknown)) return [];
      const set = names.filter((n) => object[n] !== null && object[n] !== undefined);
      if (set.length === 1) return [];
      const where = set.length > 1 ? at(path, set[1]) : path;
      const detail = set.length > 1
        ? `Attributes ${quoted(set)} cannot be set together: exactly one of ${quoted(names)} must be set`
        : `Exactly one of ${quoted(names)} must be set${path.length ? ` in ${formatPath(path)}` : ''}`;
      return [{ ...invalidValue(where, detail), summary: 'Invalid Attribute Combination' }];
    },
  };
}

/** The attribute cannot be set together with any of `others` (siblings in the same object). */
export function conflictsWith(...others: string[]): AttributeValidator {
  return {
    description: `cannot be set together with ${quoted(others)}`,
    validate(_value, { path, parent }) {
      const clashing = others.filter((n) => parent[n] !== null && parent[n] !== undefined && !(parent[n] instanceof Unknown));
      if (clashing.length === 0) return [];
      return [{ ...invalidValue(path, `Attribute ${formatPath(path)} cannot be set together with ${quoted(clashing)}`), summary: 'Invalid Attribute Combination' }];
    },
  };
}
