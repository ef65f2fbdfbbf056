// escapeSmtpData and dataTerminator against nodemailer's own DataStream (the escaping SMTPConnection does): same bytes for any input and any chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Transform } from 'node:stream';
import { dataTerminator, escapeSmtpData } from './smtp-data-escaping.ts';

// The library does not export the class; it is loaded from its file as the reference.
const require = createRequire(import.meta.url);
const DataStream = require(join(dirname(require.resolve('nodemailer')), 'smtp-connection', 'data-stream.js')) as new () => Transform;

function reference(chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stream = new DataStream();
    const out: Buffer[] = [];
    stream.on('data', (b: Buffer) => out.push(b));
    stream.on('end', () => resolve(Buffer.concat(out)));
    stream.on('error', reject);
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}

/** The escaped chunks and the end of the data, as the escaping SMTPConnection sends them. */
function escaped(chunks: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let last: number | null = null;
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    out.push(escapeSmtpData(chunk, last));
    last = chunk[chunk.length - 1];
  }
  out.push(dataTerminator(last));
  return Buffer.concat(out);
}

/** A deterministic pseudo-random generator, so a failing case can be replayed from its seed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

test('escapes exactly as nodemailer does: dots at line starts, bare CR, bare LF, across chunk borders (5000 random cases)', async () => {
  const alphabet = ['a', '.', '\r', '\n', '\r\n', '\r\n.', '..', 'x'];
  for (let seed = 1; seed <= 5000; seed++) {
    const random = lcg(seed);
    const data = Buffer.from(Array.from({ length: random(60) }, () => alphabet[random(alphabet.length)]).join(''));
    const chunks: Buffer[] = [];
    for (let at = 0; at < data.length;) {
      const size = 1 + random(8);
      chunks.push(data.subarray(at, at + size));
      at += size;
    }
    assert.deepEqual(escaped(chunks), await reference(chunks), `seed ${seed}: ${JSON.stringify(data.toString())}`);
  }
});

test('returns a chunk that needs nothing as it is, and escapes a 100 KB message in one pass', async () => {
  const clean = Buffer.from('Subject: hi\r\n\r\nline one\r\nline two\r\n');
  assert.equal(escapeSmtpData(clean, null), clean);
  const message = Buffer.from(`${'X'.repeat(76)}\r\n`.repeat(1300) + '.hidden\r\nbare\nlf and bare\rcr\r\n');
  assert.deepEqual(escaped([message]), await reference([message]));
  const end = Buffer.from('X\r\n..hidden\r\nbare\r\nlf and bare\r\ncr\r\n.\r\n');
  assert.deepEqual(escaped([message]).subarray(-end.length), end);
});
