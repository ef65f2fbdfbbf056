// Tests gRPC message framing: the prefix layout and reading messages across arbitrary chunk boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageReader, frameMessage } from './grpc-framing.ts';
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

test('grpc-message keeps printable ASCII and percent-encodes the rest', () => {
  assert.equal(encodeGrpcMessage('unknown service x'), 'unknown service x');
  assert.equal(encodeGrpcMessage('100% ✓\n'), '100%25 %E2%9C%93%0A');
});
