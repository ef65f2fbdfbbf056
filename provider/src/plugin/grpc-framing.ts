// gRPC message framing on an HTTP/2 stream: each message is a 1-byte compressed flag, a 4-byte big-endian length, the bytes.

/** Bytes before each message: the compressed flag and the length. */
const PREFIX = 5;

/** One message framed for a DATA frame, uncompressed (this server never announces a grpc-encoding). */
export function frameMessage(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(PREFIX + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, PREFIX);
  return framed;
}

/** A framed message as read off the stream. */
export interface FramedMessage {
  compressed: boolean;
  bytes: Buffer;
}

/**
 * Splits the bytes of a request stream into messages, whatever the chunk boundaries are.
 * Chunks are kept as they come and joined only when a message is complete, so a large message
 * arriving in many DATA frames is copied once.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the message being read, once its prefix is complete. */
  private expected: { compressed: boolean; length: number } | undefined;

  /** Adds a chunk; returns the messages it completed, in order. */
  push(chunk: Buffer): FramedMessage[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: FramedMessage[] = [];
    for (;;) {
      if (!this.expected) {
        if (this.buffered < PREFIX) break;
        const prefix = this.take(PREFIX);
        this.expected = { compressed: prefix[0] !== 0, length: prefix.readUInt32BE(1) };
      }
      if (this.buffered < this.expected.length) break;
      messages.push({ compressed: this.expected.compressed, bytes: this.take(this.expected.length) });
      this.expected = undefined;
    }
    return messages;
  }

  /** True when the stream ended in the middle of a message (a truncated request). */
  get partial(): boolean {
    return this.expected !== undefined || this.buffered > 0;
  }

  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const taken = all.subarray(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }
}
