// Deep equality of Terraform values, guided by the type so that sets compare without regard to order.
import type { TfType } from './tf-type.ts';
import { BigNumber, Unknown, isObjectValue, type TfValue } from './value.ts';

/**
 * True when `a` and `b` are the same value of `type`: unknowns equal only unknowns, numbers compare
 * by value (a BigNumber by its text), set elements in any order, missing object attributes count as null.
 */
export function valuesEqual(a: TfValue, b: TfValue, type?: TfType): boolean {
  if (a === b) return true;
  if (a instanceof Unknown || b instanceof Unknown) return a instanceof Unknown && b instanceof Unknown;
  if (a instanceof BigNumber || b instanceof BigNumber) return String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const elementType = (i: number) => type?.kind === 'tuple' ? type.elements[i] : type && 'element' in type ? type.element : undefined;
    if (type?.kind !== 'set') return a.every((v, i) => valuesEqual(v, b[i], elementType(i)));
    const rest = [...b];
    return a.every((v) => {
      const at = rest.findIndex((w) => valuesEqual(v, w, type.element));
      if (at < 0) return false;
      rest.splice(at, 1);
      return true;
    });
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const attributeType = (k: string) => type?.kind === 'object' ? type.attributes[k] : type?.kind === 'map' ? type.element : undefined;
    return [...keys].every((k) => valuesEqual(a[k] ?? null, b[k] ?? null, attributeType(k)));
  }
  return false;
}
