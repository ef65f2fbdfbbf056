// A client of hand-made HTTP/2 frames for the plugin tests: frame and header-block builders, and a connection that
// collects the server's frames and reports the socket's end. Numbers from RFC 9113 (frames) and RFC 7541 (HPACK).
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';

export const FrameType = {
  DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4, PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9,
} as const;
export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;
export const Setting = { MAX_CONCURRENT_STREAMS: 0x3, INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5 } as const;
export const ErrorCode = {
  NO_ERROR: 0x0, PROTOCOL_ERROR: 0x1, INTERNAL_ERROR: 0x2, FLOW_CONTROL_ERROR: 0x3, STREAM_CLOSED: 0x5, FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7, CANCEL: 0x8, COMPRESSION_ERROR: 0x9, ENHANCE_YOUR_CALM: 0xb,
} as const;
/** The client connection preface (RFC 9113 section 3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** A frame: the 9-octet header (length, type, flags, stream id) and the payload. */
export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

export function settingsFrame(settings: Array<[id: number, value: number]>): Buffer {
  const payload = Buffer.alloc(6 * settings.length);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, 6 * i);
    payload.writeUInt32BE(value, 6 * i + 2);
  });
  return frame(FrameType.SETTINGS, 0, 0, payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(increment, 0);
  return frame(FrameType.WINDOW_UPDATE, 0, streamId, payload);
}

/** An HPACK integer with an N-bit prefix (RFC 7541 section 5.1). */
function hpackInteger(value: number, prefixBits: number, flags: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [flags | value];
  const out = [flags | max];
  for (value -= max; value >= 128; value >>= 7) out.push((value & 0x7f) | 0x80);
  out.push(value);
  return out;
}

/** A header block of literal fields without indexing, new names, no Huffman coding (RFC 7541 section 6.2.2). */
export function headerBlock(fields: Array<[name: string, value: string]>): Buffer {
  const octets: number[] = [];
  for (const [name, value] of fields) {
    octets.push(0x00);
    for (const text of [name, value]) octets.push(...hpackInteger(Buffer.byteLength(text), 7, 0), ...Buffer.from(text));
  }
  return Buffer.from(octets);
}

/** One frame the server sent (payload copied). */
export interface ReceivedFrame { type: number; flags: number; streamId: number; payload: Buffer }

export interface RawClient {
  socket: Socket;
  frames: ReceivedFrame[];
  /** Resolves when the server closed the connection. */
  closed: Promise<unknown>;
  /** Waits up to 1 s for `check` to hold, then asserts it (listing the frames received). */
  until(check: () => boolean): Promise<void>;
}

/**
 * Connects to 127.0.0.1:`port` (or uses the TLS socket `connectTls` opens, once its handshake is done);
 * acknowledges the server's SETTINGS as any client must (RFC 9113 section 6.5.3).
 */
export async function rawClient(port: number | (() => Socket)): Promise<RawClient> {
  const socket = typeof port === 'number' ? connect(port, '127.0.0.1') : port();
  await new Promise((resolve) => socket.once(typeof port === 'number' ? 'connect' : 'secureConnect', resolve));
  const frames: ReceivedFrame[] = [];
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 9 && pending.length >= 9 + pending.readUIntBE(0, 3)) {
      const length = pending.readUIntBE(0, 3);
      const received = { type: pending[3], flags: pending[4], streamId: pending.readUInt32BE(5) & 0x7fffffff, payload: Buffer.from(pending.subarray(9, 9 + length)) };
      pending = pending.subarray(9 + length);
      frames.push(received);
      if (received.type === FrameType.SETTINGS && !(received.flags & Flag.ACK) && socket.writable) socket.write(frame(FrameType.SETTINGS, Flag.ACK, 0));
    }
  });
  socket.on('error', () => undefined); // a server closing after GOAWAY may reset the socket
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(check(), `frames: ${JSON.stringify(frames.map((f) => [f.type, f.flags, f.streamId]))}`);
  };
  return { socket, frames, closed, until };
}
