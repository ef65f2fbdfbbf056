// A minimal DER (ASN.1 Distinguished Encoding Rules) writer: just what an X.509 certificate needs, plus a reader of one level.

/** Universal and context-specific tags used by certificates. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

/** Encodes a DER length: short form below 128, long form (0x80 | byte count, big-endian) above. */
export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A tag-length-value triple with `content` as the value. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(Tag.sequence, ...items);
export const set = (...items: Buffer[]): Buffer => tlv(Tag.set, ...items);
export const octetString = (content: Buffer): Buffer => tlv(Tag.octetString, content);
export const utf8String = (text: string): Buffer => tlv(Tag.utf8String, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Buffer => tlv(Tag.boolean, Buffer.from([value ? 0xff : 0x00]));
export const nullValue = (): Buffer => tlv(Tag.null);

/** An explicit context-specific tag `[n]` wrapping already-encoded content (constructed form). */
export const explicit = (n: number, ...content: Buffer[]): Buffer => tlv(0xa0 | n, ...content);

/** An implicit context-specific primitive tag `[n]` with raw content bytes. */
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** A non-negative INTEGER from big-endian magnitude bytes: minimal, with a 0x00 pad when the top bit is set. */
export function unsignedInteger(magnitude: Buffer | number): Buffer {
  let bytes = typeof magnitude === 'number' ? Buffer.from([magnitude]) : magnitude;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  return tlv(Tag.integer, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** A BIT STRING whose last byte has `unusedBits` padding bits. */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(Tag.bitString, Buffer.from([unusedBits]), content);
}

/** An OBJECT IDENTIFIER from dotted notation ("1.2.840.10045.4.3.2"). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Error(`bad OID ${dotted}`);
  const body: number[] = [];
  for (const arc of [arcs[0] * 40 + arcs[1], ...arcs.slice(2)]) {
    const base128: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift(0x80 | (rest & 0x7f));
    body.push(...base128);
  }
  return tlv(Tag.oid, Buffer.from(body));
}

/** A certificate validity time: UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-29T05:04:35.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'; // 20261129050435Z
  return date.getUTCFullYear() < 2050
    ? tlv(Tag.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(Tag.generalizedTime, Buffer.from(digits, 'ascii'));
}

/** The value bytes of the encoded element at the start of `element` (single-byte tags only); throws on a truncated encoding. */
export function contents(element: Buffer): Buffer {
  const { contentStart, end } = header(element, 0);
  return element.subarray(contentStart, end);
}

/** The encoded elements inside a constructed value (e.g. a SEQUENCE), one level deep. */
export function children(constructed: Buffer): Buffer[] {
  const content = contents(constructed);
  const items: Buffer[] = [];
  for (let offset = 0; offset < content.length;) {
    const { end } = header(content, offset);
    items.push(content.subarray(offset, end));
    offset = end;
  }
  return items;
}

/** Where the value of the element at `offset` starts and where the element ends. */
function header(encoded: Buffer, offset: number): { contentStart: number; end: number } {
  const lengthByte = encoded[offset + 1];
  if (lengthByte === undefined) throw new Error('truncated DER');
  let length = lengthByte;
  let contentStart = offset + 2;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > encoded.length) throw new Error('bad DER length');
    length = encoded.readUIntBE(contentStart, count);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > encoded.length) throw new Error('truncated DER');
  return { contentStart, end };
}
