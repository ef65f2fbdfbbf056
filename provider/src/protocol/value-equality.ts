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
    // Sorted canonical texts, not a search per element: a set of 10,000 rules compares in milliseconds.
    const [left, right] = [a, b].map((elements) => elements.map((v) => canonicalValue(v, type.element)).sort());
    return left.every((text, i) => text === right[i]);
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const attributeType = (k: string) => type?.kind === 'object' ? type.attributes[k] : type?.kind === 'map' ? type.element : undefined;
    return [...keys].every((k) => valuesEqual(a[k] ?? null, b[k] ?? null, attributeType(k)));
  }
  return false;
}

function memberType(type: TfType | undefined, key: string | number): TfType | undefined {
  if (type?.kind === 'tuple') return type.elements[key as number];
  if (type?.kind === 'object') return type.attributes[key as string];
  return type && 'element' in type ? type.element : undefined;
}

/**
 * A text that is the same for two values of `type` exactly when valuesEqual says they are equal: numbers by value,
 * set elements sorted, null object members left out (missing counts as null), an unknown as `?`.
 */
export function canonicalValue(value: TfValue, type?: TfType): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Unknown) return '?';
  if (value instanceof BigNumber || typeof value === 'number') return `n${String(value)}`;
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const elements = value.map((v, i) => canonicalValue(v, memberType(type, i)));
    return type?.kind === 'set' ? `{${elements.sort().join(',')}}` : `[${elements.join(',')}]`;
  }
  const members = Object.keys(value).sort().filter((k) => value[k] !== null && value[k] !== undefined);
  return `(${members.map((k) => `${JSON.stringify(k)}:${canonicalValue(value[k], memberType(type, k))}`).join(',')})`;
}
