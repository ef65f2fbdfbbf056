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
  try {
    return read(raw, type);
  } catch (error) {
    throw located(error, path);
  }
}

/**
 * Prepares a value of `type` for the wire: unknowns become msgpack extensions, BigNumbers decimal
 * strings, every object attribute of the type is present (null when missing).
 */
export function writeTyped(value: TfValue | undefined, type: TfType, path = '$'): unknown {
  try {
    return write(value, type);
  } catch (error) {
    throw located(error, path);
  }
}

/**
 * A type error inside the value being converted. Paths are only built when something fails: `where` grows by one
 * step as the error passes each enclosing attribute, key or element, and readTyped/writeTyped put the root in front.
 */
class Mismatch {
  constructor(public where: string, readonly what: string) {}
}

function located(error: unknown, path: string): unknown {
  return error instanceof Mismatch ? new ValueTypeError(`${path}${error.where}: ${error.what}`) : error;
}

function within(error: unknown, step: string): unknown {
  if (error instanceof Mismatch) error.where = `${step}${error.where}`;
  return error;
}

function read(raw: unknown, type: TfType): TfValue {
  if (raw instanceof ExtData) return new Unknown({ type: raw.type, data: raw.data as Uint8Array });
  if (raw === null || raw === undefined) return null;
  const fail = (): never => { throw new Mismatch('', `expected ${type.kind}, got ${typeof raw}`); };
  switch (type.kind) {
    case 'string': return typeof raw === 'string' ? raw : fail();
    case 'bool': return typeof raw === 'boolean' ? raw : fail();
    case 'number':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : new BigNumber(raw.toString());
      if (typeof raw === 'string') return numberFromText(raw);
      return fail();
    case 'list': case 'set':
      return Array.isArray(raw) ? elements(raw.length, (i) => read(raw[i], type.element)) : fail();
    case 'tuple':
      return Array.isArray(raw) ? elements(type.elements.length, (i) => read(raw[i], type.elements[i])) : fail();
    case 'map':
      return isPlainObject(raw) ? entries(Object.keys(raw).sort(), (k) => read(raw[k], type.element)) : fail();
    case 'object':
      if (!isPlainObject(raw)) return fail();
      return entries(sortedKeys(type.attributes), (k) => read(raw[k], type.attributes[k]));
    case 'dynamic':
      throw new Mismatch('', 'dynamic values are not supported');
  }
}

function write(value: TfValue | undefined, type: TfType): unknown {
  if (value instanceof Unknown) return new ExtData(value.ext.type, value.ext.data);
  if (value === null || value === undefined) return null;
  if (value instanceof BigNumber) return value.text;
  switch (type.kind) {
    case 'list': case 'set':
      return Array.isArray(value) ? elements(value.length, (i) => write(value[i], type.element)) : mismatch(type);
    case 'tuple':
      return Array.isArray(value) ? elements(type.elements.length, (i) => write(value[i], type.elements[i])) : mismatch(type);
    case 'map':
      return isObjectValue(value) ? entries(Object.keys(value).sort(), (k) => write(value[k], type.element)) : mismatch(type);
    case 'object':
      return isObjectValue(value) ? entries(sortedKeys(type.attributes), (k) => write(value[k], type.attributes[k])) : mismatch(type);
    default:
      if (typeof value === 'object') return mismatch(type);
      return value;
  }
}

function mismatch(type: TfType): never {
  throw new Mismatch('', `value does not match type ${type.kind}`);
}

/** `count` elements made by `f`, a failure located at its index. */
function elements<R>(count: number, f: (index: number) => R): R[] {
  const out: R[] = new Array(count);
  for (let i = 0; i < count; i++) {
    try {
      out[i] = f(i);
    } catch (error) {
      throw within(error, `[${i}]`);
    }
  }
  return out;
}

/** An object with one entry per key (in the order given) made by `f`, a failure located at its key. */
function entries<R>(keys: readonly string[], f: (key: string) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const key of keys) {
    try {
      out[key] = f(key);
    } catch (error) {
      throw within(error, `.${key}`);
    }
  }
  return out;
}

/** The attribute names of an object type, sorted (the wire order), computed once per type. */
const sortedKeyLists = new WeakMap<object, string[]>();
function sortedKeys(attributes: Readonly<Record<string, TfType>>): string[] {
  let keys = sortedKeyLists.get(attributes);
  if (keys === undefined) sortedKeyLists.set(attributes, (keys = Object.keys(attributes).sort()));
  return keys;
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array);
}
