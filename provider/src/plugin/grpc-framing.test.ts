// Tests gRPC message framing: the prefix layout and reading messages across arbitrary chunk boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MESSAGE_SIZE, MessageReader, MessageTooLargeError, frameMessage } from './grpc-framing.ts';
import { encodeGrpcMessage } from './grpc-status.ts';

test('a framed message is flag 0, the big-endian length, then the bytes', () => {
  assert.deepEqual([...frameMessage(Uint8Array.from([7, 8, 9]))], [0, 0, 0, 0, 3, 7, 8, 9]);
  assert.deepEqual([...frameMessage(new Uint8Array(0))], [0, 0, 0, 0, 0]);
  assert.equal(frameMessage(new Uint8Array(70_000)).readUInt32BE(1), 70_000);
});

test('messages split and joined at every byte boundary come out whole and in order', () => {
  const stream = Buffer.concat([frameMessage(Buffer.from('first')), frameMessage(new Uint8Array(0)), frameMessage(Buffer.alloc(300, 1))]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const reader = new MessageReader();
    const got = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
    assert.deepEqual(got.map((m) => m.bytes.length), [5, 0, 300], `cut at ${cut}`);
    assert.equal(got[0].bytes.toString(), 'first');
    assert.equal(reader.partial, false);
  }
  const byteByByte = new MessageReader();
  const got = [...stream].flatMap((b) => byteByByte.push(Buffer.from([b])));
  assert.equal(got.length, 3);
});

test('a stream cut inside a message is partial, and the compressed flag is reported', () => {
  const reader = new MessageReader();
  assert.deepEqual(reader.push(frameMessage(Buffer.from('abc')).subarray(0, 6)), []);
  assert.equal(reader.partial, true);
  const compressed = frameMessage(Buffer.from('x'));
  compressed[0] = 1;
  assert.equal(new MessageReader().push(compressed)[0].compressed, true);
});

test('a prefix declaring more than the limit throws at once and keeps nothing; the limit itself passes', () => {
  assert.equal(MAX_MESSAGE_SIZE, 256 * 1024 * 1024); // terraform-plugin-go's tf6server: grpc.MaxRecvMsgSize(256 << 20)
  const prefix = (length: number) => Buffer.from([0, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
  const reader = new MessageReader(10);
  assert.throws(() => reader.push(Buffer.concat([prefix(11), Buffer.alloc(3)])), (error: unknown) =>
    error instanceof MessageTooLargeError && error.length === 11 && error.limit === 10 && /larger than max \(11 vs\. 10\)/.test(error.message));
  assert.equal(reader.partial, false);
  assert.deepEqual(new MessageReader(10).push(frameMessage(Buffer.alloc(10, 1))).map((m) => m.bytes.length), [10]);
  assert.throws(() => new MessageReader().push(prefix(MAX_MESSAGE_SIZE + 1)), MessageTooLargeError);
});

test('grpc-message keeps printable ASCII and percent-encodes the rest', () => {
  assert.equal(encodeGrpcMessage('unknown service x'), 'unknown service x');
  assert.equal(encodeGrpcMessage('100% ✓\n'), '100%25 %E2%9C%93%0A');
});
