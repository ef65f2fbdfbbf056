// Which values an export writes: those that differ from the API's defaults (the provider plans the same defaults).
import { HclExpression, type HclAttribute, type HclValue } from './hcl-syntax.ts';

/** A JSON object as the API returns it. */
export type Json = Record<string, unknown>;

/** `value` when it differs from `fallback` (deep), else undefined (the attribute is left to its default). */
export function differs<T>(value: T, fallback: unknown): T | undefined {
  return JSON.stringify(value) === JSON.stringify(fallback) ? undefined : value;
}

/** The members of a nested object that differ from its defaults (HclExpressions always kept); undefined when none. */
export function changedMembers(value: Json, defaults: Json): Json | undefined {
  const out: Json = {};
  for (const [key, member] of Object.entries(value)) {
    if (member instanceof HclExpression) out[key] = member;
    else if (member !== null && typeof member === 'object' && !Array.isArray(member) && defaults[key] && typeof defaults[key] === 'object') {
      const nested = changedMembers(member as Json, defaults[key] as Json);
      if (nested) out[key] = nested;
    } else if (differs(member, defaults[key]) !== undefined) out[key] = member;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Attribute lines for the pairs whose value is not undefined. */
export function present(pairs: ReadonlyArray<readonly [string, unknown]>): HclAttribute[] {
  return pairs.filter(([, value]) => value !== undefined).map(([name, value]) => ({ name, value: value as HclValue }));
}
