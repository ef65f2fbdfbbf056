// Tests for RecordDeadline and onLineFeed: only chunks that end a line restart the clock; a busy server gets more time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { onLineFeed, RecordDeadline } from './record-deadline.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('bytes without a line feed do not buy time; a line feed does', async () => {
  let expired = 0;
  const deadline = new RecordDeadline(150, () => { expired++; return true; });
  const parser = onLineFeed(new Writable({ write: (_chunk, _encoding, callback) => callback() }), () => deadline.restart());
  for (let i = 0; i < 4; i++) {
    parser.write(Buffer.from('x'));
    await sleep(50);
  }
  assert.equal(expired, 1, 'a trickle of bytes hits the deadline');
  const fresh = new RecordDeadline(150, () => { expired++; return true; });
  const lines = onLineFeed(new Writable({ write: (_chunk, _encoding, callback) => callback() }), () => fresh.restart());
  for (let i = 0; i < 4; i++) {
    lines.write(Buffer.from('NOOP\r\n'));
    await sleep(50);
  }
  fresh.stop();
  assert.equal(expired, 1, 'complete lines keep the session alive');
});

test('an expiry that declines (the server is busy) grants another period', async () => {
  let calls = 0;
  const deadline = new RecordDeadline(40, () => ++calls >= 3);
  await sleep(200);
  deadline.stop();
  assert.equal(calls, 3);
});
