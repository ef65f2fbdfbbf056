// Terraform values as plain JS: null, Unknown, string, number (or BigNumber), boolean, arrays, objects.

/**
 * A value not known until apply. `ext` keeps the wire extension (type 0 plain, 12 refined) so a
 * refined unknown passes back unchanged; the framework never looks inside.
 */
export class Unknown {
  constructor(readonly ext: { type: number; data: Uint8Array } = { type: 0, data: new Uint8Array([0]) }) {}
}

/** The plain unknown value. */
export const UNKNOWN = new Unknown();

/** A number that a float64 cannot hold exactly, kept as its decimal text ("123456789012345678901234"). */
export class BigNumber {
  constructor(readonly text: string) {}
  toString(): string { return this.text; }
}

/**
 * A Terraform value. Lists, sets and tuples are arrays; maps and objects are plain objects.
 * Numbers are JS numbers when exact, BigNumber otherwise.
 */
export type TfValue = null | Unknown | string | number | BigNumber | boolean | TfValue[] | { [key: string]: TfValue };

/** True when neither the value nor anything inside it is unknown. */
export function isWhollyKnown(value: TfValue): boolean {
  if (value instanceof Unknown) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObjectValue(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/** True for map and object values (plain objects), false for every other value. */
export function isObjectValue(value: unknown): value is { [key: string]: TfValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof BigNumber);
}

/** A number from decimal text: a JS number when it round-trips exactly, else a BigNumber. */
export function numberFromText(text: string): number | BigNumber {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${JSON.stringify(text)}`);
  if (String(n) === text || (Number.isSafeInteger(n) && /^-?\d+$/.test(text))) return n;
  return new BigNumber(text);
}
