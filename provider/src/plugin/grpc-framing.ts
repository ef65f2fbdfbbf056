// gRPC message framing on an HTTP/2 stream: each message is a 1-byte compressed flag, a 4-byte big-endian length, the bytes.

/** Bytes before each message: the compressed flag and the length. */
export const PREFIX = 5;

/**
 * The largest message this server receives or sends: 256 MiB, as terraform-plugin-go's tf6server sets it for
 * grpc-go (grpc.MaxRecvMsgSize and MaxSendMsgSize), so the provider refuses what a Go provider would.
 */
export const MAX_MESSAGE_SIZE = 256 << 20;

/** Thrown by MessageReader.push for a message longer than its limit; nothing of that message is kept. */
export class MessageTooLargeError extends Error {
  constructor(readonly length: number, readonly limit: number) {
    super(`grpc: received message larger than max (${length} vs. ${limit})`);
    this.name = 'MessageTooLargeError';
  }
}

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
  /** `maxLength`: the longest message accepted; a longer one's prefix makes `push` throw MessageTooLargeError. */
  constructor(private readonly maxLength = MAX_MESSAGE_SIZE) {}

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
        const length = prefix.readUInt32BE(1);
        if (length > this.maxLength) {
          this.chunks = [];
          this.buffered = 0;
          throw new MessageTooLargeError(length, this.maxLength);
        }
        this.expected = { compressed: prefix[0] !== 0, length };
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
