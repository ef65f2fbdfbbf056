// HPACK's static Huffman code (RFC 7541 section 5.2, Appendix B): decoding of Huffman-coded header strings.

/**
 * Code length in bits of each symbol, 0 to 255, then EOS (256): RFC 7541 Appendix B. The code is canonical
 * (codes of one length are consecutive in symbol order, each length continuing where the shorter one ended),
 * so the lengths define every code; the tests check a few codes against the appendix.
 */
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;

/** Thrown for a Huffman string that is not valid: it contains EOS, or its padding is longer than 7 bits or not all ones. */
export class HuffmanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HuffmanError';
  }
}

/** Each symbol's code, right-aligned, derived from CODE_LENGTHS (exported for the tests). */
export function huffmanCodes(): Array<{ code: number; length: number }> {
  const symbols = CODE_LENGTHS.map((length, symbol) => ({ symbol, length })).sort((a, b) => a.length - b.length || a.symbol - b.symbol);
  const codes: Array<{ code: number; length: number }> = new Array(CODE_LENGTHS.length);
  let code = 0;
  let length = symbols[0].length;
  for (const s of symbols) {
    code *= 2 ** (s.length - length);
    length = s.length;
    codes[s.symbol] = { code, length };
    code++;
  }
  return codes;
}

/**
 * The decoding tree, built on first use: node n's children are at [2n] (bit 0) and [2n + 1] (bit 1);
 * a positive entry is the child node, a negative one a leaf holding -(symbol + 1).
 */
let tree: Int32Array | undefined;

function buildTree(): Int32Array {
  const nodes = new Int32Array(2 * 512);
  let count = 1;
  huffmanCodes().forEach(({ code, length }, symbol) => {
    let node = 0;
    for (let bit = length - 1; bit > 0; bit--) {
      const slot = 2 * node + (Math.floor(code / 2 ** bit) & 1);
      if (nodes[slot] === 0) nodes[slot] = count++;
      node = nodes[slot];
    }
    nodes[2 * node + (code & 1)] = -(symbol + 1);
  });
  return nodes;
}

/**
 * Strings decoded lately, by their coded octets (as latin1): a client repeats the same few header values
 * (paths, content type, user agent) on every call when its encoder does not index them.
 */
const recent = new Map<string, string>();
const RECENT_LIMIT = 256;
const RECENT_MAX_LENGTH = 128;

/** Decodes a Huffman-coded string to its octets as a latin1 string (one character per octet). */
export function decodeHuffman(input: Buffer): string {
  if (input.length > RECENT_MAX_LENGTH) return decodeBits(input);
  const key = input.toString('latin1');
  let decoded = recent.get(key);
  if (decoded === undefined) {
    decoded = decodeBits(input);
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(key, decoded);
  }
  return decoded;
}

function decodeBits(input: Buffer): string {
  const nodes = (tree ??= buildTree());
  // The shortest code is 5 bits, so a string never has more than 8/5 octets per coded octet.
  const out = Buffer.allocUnsafe(Math.ceil((input.length * 8) / 5));
  let written = 0;
  let node = 0;
  /** Bits read since the last complete symbol, and whether all of them were ones (valid padding is a prefix of EOS). */
  let pending = 0;
  let allOnes = true;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i];
    for (let shift = 7; shift >= 0; shift--) {
      const bit = (byte >> shift) & 1;
      const next = nodes[2 * node + bit];
      if (next < 0) {
        const symbol = -next - 1;
        if (symbol === EOS) throw new HuffmanError('Huffman string contains EOS');
        out[written++] = symbol;
        node = 0;
        pending = 0;
        allOnes = true;
      } else {
        node = next;
        pending++;
        if (bit === 0) allOnes = false;
      }
    }
  }
  if (pending > 7) throw new HuffmanError('Huffman padding longer than 7 bits');
  if (!allOnes) throw new HuffmanError('Huffman padding is not a prefix of EOS');
  return out.toString('latin1', 0, written);
}
