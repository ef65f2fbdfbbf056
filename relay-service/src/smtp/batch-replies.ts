// The replies to a pipelined batch of SMTP commands leave in one socket write (RFC 2920), sent as soon as the client waits for them.
import type { Socket } from 'node:net';
import type { SMTPStream } from 'smtp-server/lib/smtp-stream.js';

const LF = 0x0a;

/**
 * Holds the replies to the commands of one pipelined batch in the socket (cork) while the parser works through the
 * chunk that brought them, and sends them together when it is done: one write (one pass through the TCP stack, one
 * wake-up of the client) instead of one per command. A chunk is a batch when more follows its first line; a client
 * that waits for every reply sends one line at a time, which is answered exactly as before. RFC 2920 section 3.1 lets
 * a server send the replies to a group in one go, and requires them sent once the client waits for them: the parser
 * has worked through the chunk when it asks for the next one, which is then the client's to send (after DATA's 354 it
 * waits for the message, after a 334 for the next AUTH line). Earlier than that, release() sends what is held: the
 * socket must drain (a batch whose replies outgrow its buffer) or a TLS handshake starts on it (STARTTLS).
 */
export class BatchReplies {
  private held: Socket | null = null;

  /** Wraps `parser`'s _write (what the piped socket and the parser itself call) to hold the replies of each batch on `socket()`. */
  wrap(parser: SMTPStream, socket: () => Socket): SMTPStream {
    const write = parser._write.bind(parser);
    parser._write = (chunk, encoding, next) => {
      // The parser calls its own _write again for the rest of a chunk (data mode, after DATA): the batch is held already.
      if (this.held || parser._dataMode || !isBatch(chunk)) return write(chunk, encoding, next);
      const held = socket();
      this.held = held;
      held.cork();
      write(chunk, encoding, (error) => {
        if (this.held === held) this.release();
        next(error);
      });
    };
    return parser;
  }

  /** Sends the replies held so far at once (nothing when none are). */
  release(): void {
    const held = this.held;
    this.held = null;
    held?.uncork();
  }
}

/** More than one line, or the start of the next: what a pipelining client sends, never one waiting for each reply. */
function isBatch(chunk: Buffer): boolean {
  const lf = chunk.indexOf(LF);
  return lf !== -1 && lf < chunk.length - 1;
}
