// SMTP DATA escaping (RFC 5321 4.5.2 dot-stuffing; bare CR and LF made CRLF) that lets Buffer.indexOf find the
// line breaks instead of looking at every byte in JavaScript, and the SMTPConnection that uses it and writes the end of the data with its last chunk.
import type { Transform, TransformCallback } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const insertLf = Buffer.from('\n');
const insertLfDot = Buffer.from('\n.');
const insertCr = Buffer.from('\r');
const insertDot = Buffer.from('.');
const endAfterLf = Buffer.from('.\r\n');
const endAfterCr = Buffer.from('\n.\r\n');
const endAfterText = Buffer.from('\r\n.\r\n');

/** What goes in front of `byte` given the byte before it (null: the start of the data), or null. */
function insertionBefore(byte: number, previous: number | null): Buffer | null {
  // A bare CR becomes CRLF; a dot after it starts a line and is stuffed (no "\r.\r" end-of-data smuggling).
  if (previous === CR && byte !== LF) return byte === DOT ? insertLfDot : insertLf;
  // A bare LF becomes CRLF.
  if (byte === LF && previous !== CR) return insertCr;
  // A dot at the start of a line is doubled.
  if (byte === DOT && (previous === LF || previous === null)) return insertDot;
  return null;
}

/**
 * Escapes one chunk of message data for the DATA phase, byte for byte as nodemailer's DataStream does; `previous`
 * is the last byte of the chunk before (null before the first). Every rule needs a CR or LF at or just before the
 * byte it changes, so only the start and the positions around line breaks are looked at. Returns `chunk` itself
 * when nothing changes.
 */
export function escapeSmtpData(chunk: Buffer, previous: number | null): Buffer {
  const pieces: Buffer[] = [];
  let copiedUpTo = 0;
  let visitedUpTo = 0;
  const visit = (at: number) => {
    if (at < visitedUpTo || at >= chunk.length) return;
    visitedUpTo = at + 1;
    const insertion = insertionBefore(chunk[at], at === 0 ? previous : chunk[at - 1]);
    if (!insertion) return;
    if (at > copiedUpTo) pieces.push(chunk.subarray(copiedUpTo, at));
    pieces.push(insertion);
    copiedUpTo = at;
  };
  visit(0);
  let cr = chunk.indexOf(CR);
  let lf = chunk.indexOf(LF);
  while (cr !== -1 || lf !== -1) {
    let at: number;
    if (lf === -1 || (cr !== -1 && cr < lf)) {
      at = cr;
      cr = chunk.indexOf(CR, at + 1);
    } else {
      at = lf;
      lf = chunk.indexOf(LF, at + 1);
      visit(at);
    }
    visit(at + 1);
  }
  if (pieces.length === 0) return chunk;
  if (copiedUpTo < chunk.length) pieces.push(chunk.subarray(copiedUpTo));
  return Buffer.concat(pieces);
}

/**
 * What ends the DATA phase after data whose last byte is `last` (null: no data): the line the data leaves open is ended
 * with CRLF (a trailing bare CR gets its LF), then "." CRLF (RFC 5321 4.1.1.4).
 */
export function dataTerminator(last: number | null): Buffer {
  if (last === LF) return endAfterLf;
  return last === CR ? endAfterCr : endAfterText;
}

/** The bookkeeping fields of nodemailer's DataStream that its end-of-data marker and its logs read. */
interface LibraryDataStream extends Transform {
  lastByte: number | false;
  inByteCount: number;
  outByteCount: number;
}

/**
 * nodemailer's SMTPConnection, with escapeSmtpData in place of the per-byte JavaScript loop of the DataStream it
 * makes for every message (about 0.3 ms of the event loop per 100 KB), and the end-of-data line sent in the same
 * socket write as the message's last chunk: the library's stream pushes it on its own, one more write (and one more
 * pass through the loopback or network stack) per message. Each escaped chunk is held until the next one comes, so
 * the stream still passes data on as it gets it; a message given as one Buffer, as delivery does, leaves in one write.
 * `_createSendStream` is the library's internal; should it change shape, the stream is left as the library made it.
 */
export class EscapingSmtpConnection extends SMTPConnection {
  _createSendStream(callback: (err: Error | null, response?: string) => void): Transform {
    const create = (SMTPConnection.prototype as unknown as { _createSendStream: (cb: typeof callback) => Transform })._createSendStream;
    const stream = create.call(this, callback) as LibraryDataStream;
    if (!('lastByte' in stream) || typeof stream.inByteCount !== 'number' || typeof stream.outByteCount !== 'number') return stream;
    let held: Buffer | null = null;
    stream._transform = function escape(this: LibraryDataStream, chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (data.length === 0) return done();
      this.inByteCount += data.length;
      const escaped = escapeSmtpData(data, this.lastByte === false ? null : this.lastByte);
      this.outByteCount += escaped.length;
      this.lastByte = data[data.length - 1];
      if (held) this.push(held);
      held = escaped;
      done();
    };
    stream._flush = function end(this: LibraryDataStream, done: TransformCallback) {
      const terminator = dataTerminator(this.lastByte === false ? null : this.lastByte);
      this.outByteCount += terminator.length;
      const last = held;
      held = null;
      done(null, last ? Buffer.concat([last, terminator], last.length + terminator.length) : terminator);
    };
    return stream;
  }
}
