// Unit tests of receivedCount: header section only, field names at line starts, any chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receivedCount } from './hop-count.ts';

const message = [
  'Received: from a by b; Mon, 7 Dec 2026 10:00:00 +0000',
  'RECEIVED : from c',
  '\tby d; Mon, 7 Dec 2026 10:00:00 +0000',
  'X-Received: not a trace field',
  'Subject: Received: in a value',
  'received:from e',
  '',
  'Received: in the body does not count',
].join('\r\n');

test('counts Received fields in the header section only, whatever the case, not X-Received or continuations', () => {
  assert.equal(receivedCount([Buffer.from(message)]), 3);
});

test('the same count whatever the chunk boundaries, with bare LF line ends too', () => {
  const bytes = Buffer.from(message);
  for (let size = 1; size <= 7; size++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    assert.equal(receivedCount(chunks), 3, `chunks of ${size}`);
  }
  assert.equal(receivedCount([Buffer.from(message.replaceAll('\r\n', '\n'))]), 3);
});

test('a message without header fields, or without Received, counts 0', () => {
  assert.equal(receivedCount([Buffer.from('\r\nReceived: body')]), 0);
  assert.equal(receivedCount([Buffer.from('Subject: x\r\n\r\n')]), 0);
});
