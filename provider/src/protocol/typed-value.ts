// Converts between wire-decoded data (msgpack or JSON) and TfValue, guided by the Terraform type.
import { ExtData } from '@msgpack/msgpack';
import type { TfType } from './tf-type.ts';
import { BigNumber, Unknown, isObjectValue, numberFromText, type TfValue } from './value.ts';

/** Thrown when wire data does not match the type; the message carries the path. */
export class ValueTypeError extends Error {}

/**
 * Reads decoded wire data as a value of `type`: ANY msgpack extension is unknown (type 0 plain,
 * 12 refined, others treated alike), numbers may arrive as ints, bigints, floats or decimal strings.
 */
export function readTyped(raw: unknown, type: TfType, path = '$'): TfValue {
  if (raw instanceof ExtData) return new Unknown({ type: raw.type, data: raw.data as Uint8Array });
  if (raw === null || raw === undefined) return null;
  const fail = (): never => { throw new ValueTypeError(`${path}: expected ${type.kind}, got ${typeof raw}`); };
  switch (type.kind) {
    case 'string': return typeof raw === 'string' ? raw : fail();
    case 'bool': return typeof raw === 'boolean' ? raw : fail();
    case 'number':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : new BigNumber(raw.toString());
      if (typeof raw === 'string') return numberFromText(raw);
      return fail();
    case 'list': case 'set':
      return Array.isArray(raw) ? raw.map((v, i) => readTyped(v, type.element, `${path}[${i}]`)) : fail();
    case 'tuple':
      return Array.isArray(raw) ? type.elements.map((t, i) => readTyped(raw[i], t, `${path}[${i}]`)) : fail();
    case 'map':
      return isPlainObject(raw) ? mapEntries(raw, (k, v) => readTyped(v, type.element, `${path}.${k}`)) : fail();
    case 'object':
      if (!isPlainObject(raw)) return fail();
      return mapEntries(type.attributes, (k, t) => readTyped(raw[k], t, `${path}.${k}`));
    case 'dynamic':
      throw new ValueTypeError(`${path}: dynamic values are not supported`);
  }
}

/**
 * Prepares a value of `type` for the wire: unknowns become msgpack extensions, BigNumbers decimal
 * strings, every object attribute of the type is present (null when missing).
 */
export function writeTyped(value: TfValue | undefined, type: TfType, path = '$'): unknown {
  if (value instanceof Unknown) return new ExtData(value.ext.type, value.ext.data);
  if (value === null || value === undefined) return null;
  if (value instanceof BigNumber) return value.text;
  switch (type.kind) {
    case 'list': case 'set':
      return Array.isArray(value) ? value.map((v, i) => writeTyped(v, type.element, `${path}[${i}]`)) : mismatch(path, type);
    case 'tuple':
      return Array.isArray(value) ? type.elements.map((t, i) => writeTyped(value[i], t, `${path}[${i}]`)) : mismatch(path, type);
    case 'map':
      return isObjectValue(value) ? mapEntries(value, (k, v) => writeTyped(v, type.element, `${path}.${k}`)) : mismatch(path, type);
    case 'object':
      return isObjectValue(value) ? mapEntries(type.attributes, (k, t) => writeTyped(value[k], t, `${path}.${k}`)) : mismatch(path, type);
    default:
      if (typeof value === 'object') return mismatch(path, type);
      return value;
  }
}

function mismatch(path: string, type: TfType): never {
  throw new ValueTypeError(`${path}: value does not match type ${type.kind}`);
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array);
}

function mapEntries<T, R>(source: Readonly<Record<string, T>>, f: (key: string, value: T) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const key of Object.keys(source).sort()) out[key] = f(key, source[key]);
  return out;
}
