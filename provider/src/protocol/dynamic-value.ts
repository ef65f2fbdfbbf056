// DynamicValue: a Terraform value on the wire, as msgpack (normal) or JSON (raw state), decoded by type.
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { TfType } from './tf-type.ts';
import { readTyped, writeTyped } from './typed-value.ts';
import type { TfValue } from './value.ts';

/** The protocol's DynamicValue: exactly one of the encodings is set (an empty message means null). */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

// One encoder and decoder for every value: the module functions build new ones (and a fresh buffer) per call.
const decoder = new Decoder({ useBigInt64: true });
const encoder = new Encoder({ ignoreUndefined: false });

/** Decodes a DynamicValue as `type`. An absent value or empty bytes is null (e.g. no prior state on create). */
export function decodeDynamicValue(value: DynamicValue | undefined, type: TfType): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) return readTyped(decoder.decode(value.msgpack), type);
  if (value?.json && value.json.length > 0) return decodeJsonValue(value.json, type);
  return null;
}

/** Encodes a value of `type` as msgpack, the form Terraform expects in every response. */
export function encodeDynamicValue(value: TfValue, type: TfType): DynamicValue {
  return { msgpack: encoder.encode(writeTyped(value, type)) };
}

/**
 * Decodes JSON (UpgradeResourceState's raw_state) as `type`. Numbers a float64 would round are kept
 * as their decimal text first, so big numbers in old state survive the upgrade exactly.
 */
export function decodeJsonValue(json: Uint8Array | string, type: TfType): TfValue {
  const text = typeof json === 'string' ? json : Buffer.from(json).toString('utf8');
  return readTyped(JSON.parse(protectInexactNumbers(text)), type);
}

/** Rewrites number tokens outside strings whose float64 reading is inexact into JSON strings of their text. */
function protectInexactNumbers(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) => {
    if (token.startsWith('"')) return token;
    const n = Number(token);
    const exact = String(n) === token || (Number.isSafeInteger(n) && /^-?\d+$/.test(token));
    return exact ? token : JSON.stringify(token);
  });
}
