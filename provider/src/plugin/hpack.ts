// HPACK (RFC 7541): the decoder for request header blocks, and the literal encoding used for response headers.
import { HuffmanError, decodeHuffman } from './huffman.ts';

/** A header field: name and value, octets as latin1 strings. */
export type HeaderField = [name: string, value: string];

/** Thrown for a header block that cannot be decoded; the connection ends with COMPRESSION_ERROR. */
export class HpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HpackError';
  }
}

/** RFC 7541 Appendix A, index 1 to 61. */
export const STATIC_TABLE: readonly HeaderField[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''],
  ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];

/** Per-entry overhead counted in the dynamic table size (RFC 7541 section 4.1). */
const ENTRY_OVERHEAD = 32;

/**
 * Decodes an integer with an N-bit prefix starting at block[at]; returns the value and the offset after it.
 * Values above 2^31 are refused (nothing legitimate in a header block comes near).
 */
export function decodeInteger(block: Uint8Array, at: number, prefixBits: number): [value: number, next: number] {
  if (at >= block.length) throw new HpackError('header block ends inside an integer');
  const max = (1 << prefixBits) - 1;
  let value = block[at++] & max;
  if (value < max) return [value, at];
  for (let shift = 0; ; shift += 7) {
    if (at >= block.length) throw new HpackError('header block ends inside an integer');
    const byte = block[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (value > 0x7fffffff) throw new HpackError('integer too large');
    if ((byte & 0x80) === 0) return [value, at];
  }
}

/** Encodes `value` with an N-bit prefix; `flags` are the bits above the prefix in the first octet. */
export function encodeInteger(value: number, prefixBits: number, flags = 0): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [flags | value];
  const octets = [flags | max];
  let rest = value - max;
  while (rest >= 0x80) {
    octets.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  octets.push(rest);
  return octets;
}

/**
 * One connection's request-header decoder: the dynamic table lives as long as the connection and
 * every header block must be decoded, in order, even those of streams that are then refused.
 */
export class HpackDecoder {
  /** The dynamic table, newest entry first (index 62 is entries[0]). */
  private entries: HeaderField[] = [];
  private size = 0;
  private limit: number;

  /** `maxTableSize`: SETTINGS_HEADER_TABLE_SIZE as this endpoint announced it (4096 by default). */
  constructor(private readonly maxTableSize = 4096) {
    this.limit = maxTableSize;
  }

  /** The dynamic table's entries, newest first, and its size (for the tests). */
  get table(): { entries: readonly HeaderField[]; size: number } {
    return { entries: this.entries, size: this.size };
  }

  /** Decodes one complete header block into its fields, in order. */
  decode(block: Buffer): HeaderField[] {
    const fields: HeaderField[] = [];
    let at = 0;
    while (at < block.length) {
      const first = block[at];
      if (first & 0x80) { // indexed header field
        let index: number;
        [index, at] = decodeInteger(block, at, 7);
        fields.push(this.lookup(index));
      } else if ((first & 0xe0) === 0x20) { // dynamic table size update, only before the first field
        if (fields.length > 0) throw new HpackError('dynamic table size update after a header field');
        let size: number;
        [size, at] = decodeInteger(block, at, 5);
        if (size > this.maxTableSize) throw new HpackError(`dynamic table size ${size} above the limit ${this.maxTableSize}`);
        this.limit = size;
        this.evict(0);
      } else {
        const incremental = (first & 0xc0) === 0x40; // else without indexing (0000) or never indexed (0001)
        let index: number;
        [index, at] = decodeInteger(block, at, incremental ? 6 : 4);
        let name: string;
        if (index === 0) [name, at] = this.string(block, at);
        else name = this.lookup(index)[0];
        let value: string;
        [value, at] = this.string(block, at);
        const field: HeaderField = [name, value];
        fields.push(field);
        if (incremental) this.insert(field);
      }
    }
    return fields;
  }

  private lookup(index: number): HeaderField {
    if (index === 0) throw new HpackError('index 0');
    if (index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1];
    const entry = this.entries[index - STATIC_TABLE.length - 1];
    if (!entry) throw new HpackError(`index ${index} beyond the tables`);
    return entry;
  }

  private string(block: Buffer, at: number): [string, number] {
    if (at >= block.length) throw new HpackError('header block ends before a string');
    const huffman = (block[at] & 0x80) !== 0;
    let length: number;
    [length, at] = decodeInteger(block, at, 7);
    const end = at + length;
    if (end > block.length) throw new HpackError('string runs past the header block');
    if (!huffman) return [block.toString('latin1', at, end), end];
    try {
      return [decodeHuffman(block.subarray(at, end)), end];
    } catch (error) {
      throw error instanceof HuffmanError ? new HpackError(error.message) : error;
    }
  }

  private insert(field: HeaderField) {
    const entrySize = field[0].length + field[1].length + ENTRY_OVERHEAD;
    this.evict(entrySize);
    // An entry larger than the whole table empties it and is not added (RFC 7541 section 4.4).
    if (entrySize > this.limit) return;
    this.entries.unshift(field);
    this.size += entrySize;
  }

  /** Evicts the oldest entries until `room` more octets fit under the limit. */
  private evict(room: number) {
    while (this.size + room > this.limit && this.entries.length > 0) {
      const [name, value] = this.entries.pop()!;
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

/** The first static-table index of each name, for literal fields with an indexed name. */
const STATIC_NAME_INDEX = new Map<string, number>();
STATIC_TABLE.forEach(([name], i) => { if (!STATIC_NAME_INDEX.has(name)) STATIC_NAME_INDEX.set(name, i + 1); });

/**
 * Encodes header fields as literals without indexing and without Huffman coding: no state is shared
 * with the peer's decoder, so a block can be computed once and sent on any stream of any connection.
 * A name in the static table goes as its index. Names and values are latin1 (gRPC's are ASCII).
 */
export function encodeHeaderBlock(fields: readonly HeaderField[]): Buffer {
  const octets: number[] = [];
  const literal = (text: string) => {
    octets.push(...encodeInteger(text.length, 7));
    for (let i = 0; i < text.length; i++) octets.push(text.charCodeAt(i) & 0xff);
  };
  for (const [name, value] of fields) {
    const index = STATIC_NAME_INDEX.get(name);
    octets.push(...encodeInteger(index ?? 0, 4));
    if (index === undefined) literal(name);
    literal(value);
  }
  return Buffer.from(octets);
}
