// Tests HPACK decoding against RFC 7541 Appendix C, the integer and Huffman codings, bad input, and the response encoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder, HpackError, decodeInteger, encodeHeaderBlock, encodeInteger, type HeaderField } from './hpack.ts';
import { HuffmanError, decodeHuffman, huffmanCodes } from './huffman.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

test('integers: RFC 7541 C.1 examples and prefix edge cases', () => {
  assert.deepEqual(encodeInteger(10, 5), [0x0a]);
  assert.deepEqual(encodeInteger(1337, 5), [0x1f, 0x9a, 0x0a]);
  assert.deepEqual(encodeInteger(42, 8), [0x2a]);
  assert.deepEqual(decodeInteger(Buffer.from([0xea]), 0, 5), [10, 1]); // flag bits above the prefix are ignored
  assert.deepEqual(decodeInteger(Buffer.from([0x1f, 0x9a, 0x0a]), 0, 5), [1337, 3]);
  assert.deepEqual(decodeInteger(Buffer.from([0x1e]), 0, 5), [30, 1]); // 2^N - 2 fits the prefix
  assert.deepEqual(decodeInteger(Buffer.from([0x1f, 0x00]), 0, 5), [31, 2]); // 2^N - 1 needs a second octet
  assert.deepEqual(encodeInteger(31, 5), [0x1f, 0x00]);
  assert.deepEqual(encodeInteger(127, 7, 0x80), [0xff, 0x00]);
  for (const prefix of [1, 4, 5, 6, 7, 8]) {
    for (const value of [0, 1, 2 ** prefix - 2, 2 ** prefix - 1, 2 ** prefix, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 31 - 1]) {
      assert.deepEqual(decodeInteger(Buffer.from(encodeInteger(value, prefix)), 0, prefix), [value, encodeInteger(value, prefix).length], `${value}/${prefix}`);
    }
  }
  assert.throws(() => decodeInteger(Buffer.from([0x1f, 0x80]), 0, 5), HpackError); // continuation never ends
  assert.throws(() => decodeInteger(Buffer.from([0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f]), 0, 5), HpackError); // beyond 2^31
});

test('Huffman: codes derived from the lengths match RFC 7541 Appendix B', () => {
  const codes = huffmanCodes();
  const expect: Array<[number, number, number]> = [
    [0, 0x1ff8, 13], [32, 0x14, 6], [48, 0x0, 5], [97, 0x3, 5], [10, 0x3ffffffc, 30], [127, 0xffffffc, 28],
    [200, 0x3ffffe2, 26], [255, 0x3ffffee, 26], [256, 0x3fffffff, 30],
  ];
  for (const [symbol, code, length] of expect) assert.deepEqual(codes[symbol], { code, length }, `symbol ${symbol}`);
});

test('Huffman: decodes the C.4 strings; refuses EOS and bad padding', () => {
  assert.equal(decodeHuffman(hex('f1e3c2e5f23a6ba0ab90f4ff')), 'www.example.com');
  assert.equal(decodeHuffman(hex('a8eb10649cbf')), 'no-cache');
  assert.equal(decodeHuffman(hex('25a849e95bb8e8b4bf')), 'custom-value');
  assert.equal(decodeHuffman(Buffer.alloc(0)), '');
  assert.throws(() => decodeHuffman(hex('ffffffff')), HuffmanError); // EOS (30 ones) inside the string
  assert.throws(() => decodeHuffman(hex('f1e3c2e5f23a6ba0ab90f4fe')), HuffmanError); // padding with a zero bit
  assert.throws(() => decodeHuffman(hex('1fff')), HuffmanError); // 'a' (00011) then 11 bits of padding
  assert.throws(() => decodeHuffman(hex('00')), HuffmanError); // '0' (00000) then padding 000
});

/** Decodes a sequence of header blocks with one decoder, checking the fields and the dynamic table after each. */
function sequence(blocks: Array<{ block: string; fields: HeaderField[]; table: HeaderField[]; size: number }>) {
  const decoder = new HpackDecoder();
  for (const { block, fields, table, size } of blocks) {
    assert.deepEqual(decoder.decode(hex(block)), fields);
    assert.deepEqual(decoder.table.entries, table);
    assert.equal(decoder.table.size, size);
  }
}

const C3_FIELDS: HeaderField[][] = [
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
  [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
];
const C3_TABLES: Array<{ table: HeaderField[]; size: number }> = [
  { table: [[':authority', 'www.example.com']], size: 57 },
  { table: [['cache-control', 'no-cache'], [':authority', 'www.example.com']], size: 110 },
  { table: [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']], size: 164 },
];

test('RFC 7541 C.3: requests without Huffman coding, dynamic table state after each', () => {
  sequence([
    { block: '828684410f7777772e6578616d706c652e636f6d', fields: C3_FIELDS[0], ...C3_TABLES[0] },
    { block: '828684be58086e6f2d6361636865', fields: C3_FIELDS[1], ...C3_TABLES[1] },
    { block: '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565', fields: C3_FIELDS[2], ...C3_TABLES[2] },
  ]);
});

test('RFC 7541 C.4: the same requests with Huffman coding, same dynamic table state', () => {
  sequence([
    { block: '828684418cf1e3c2e5f23a6ba0ab90f4ff', fields: C3_FIELDS[0], ...C3_TABLES[0] },
    { block: '828684be5886a8eb10649cbf', fields: C3_FIELDS[1], ...C3_TABLES[1] },
    { block: '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf', fields: C3_FIELDS[2], ...C3_TABLES[2] },
  ]);
});

test('literal without indexing and never indexed leave the table alone; size updates evict', () => {
  const decoder = new HpackDecoder();
  // C.2.2 (without indexing, indexed name :path) and C.2.3 (never indexed, new name "password").
  assert.deepEqual(decoder.decode(hex('040c2f73616d706c652f70617468')), [[':path', '/sample/path']]);
  assert.deepEqual(decoder.decode(hex('100870617373776f726406736563726574')), [['password', 'secret']]);
  assert.equal(decoder.table.entries.length, 0);
  decoder.decode(hex('828684410f7777772e6578616d706c652e636f6d')); // 57 octets in the table
  decoder.decode(hex('58086e6f2d6361636865')); // + 53
  assert.equal(decoder.table.size, 110);
  // A size update to 60 keeps only the newest entry; then a field of 57 evicts it.
  assert.deepEqual(decoder.decode(hex('3f1d')), []);
  assert.deepEqual(decoder.table.entries, [['cache-control', 'no-cache']]);
  decoder.decode(hex('410f7777772e6578616d706c652e636f6d'));
  assert.deepEqual(decoder.table.entries, [[':authority', 'www.example.com']]);
  assert.deepEqual(decoder.decode(hex('be')), [[':authority', 'www.example.com']]);
  // Size 0 empties the table; an entry larger than the table is not added.
  decoder.decode(hex('20'));
  assert.equal(decoder.table.size, 0);
  decoder.decode(hex('410f7777772e6578616d706c652e636f6d'));
  assert.equal(decoder.table.entries.length, 0);
});

test('bad header blocks are HpackErrors', () => {
  const bad = (block: string) => assert.throws(() => new HpackDecoder().decode(hex(block)), HpackError, block);
  bad('80'); // index 0
  bad('be'); // index 62 with an empty dynamic table
  bad('ff00'); // index 127
  bad('410f7777'); // string runs past the block
  bad('41'); // block ends before the value
  bad('4183ffffff'); // Huffman value holding EOS
  bad('3fe21f'); // size update to 4096 + 1 (4096 itself, 3fe11f, is allowed)
  bad('82 20'); // size update after a field
});

test('the response encoder writes literals without indexing that the decoder (and nothing else) needs', () => {
  const fields: HeaderField[] = [[':status', '200'], ['content-type', 'application/grpc'], ['grpc-status', '13'], ['grpc-message', 'bad %25 thing']];
  const block = encodeHeaderBlock(fields);
  assert.deepEqual([...block.subarray(0, 2)], [0x08, 0x03]); // :status by static name index 8, value length 3
  const decoder = new HpackDecoder();
  assert.deepEqual(decoder.decode(block), fields);
  assert.equal(decoder.table.entries.length, 0);
  assert.deepEqual(encodeHeaderBlock([['grpc-status', '0']]), Buffer.from('000b677270632d7374617475730130', 'hex'));
});
