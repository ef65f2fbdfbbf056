// A client of hand-made HTTP/2 frames for the transport tests: writes bytes, collects the server's frames, reports the socket's end.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { Flag, FrameReader, FrameType, frame } from './http2-frames.ts';

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
 * Connects to 127.0.0.1:`port` (or uses the socket `connectSocket` opens, e.g. TLS with ALPN h2, once it is ready);
 * acknowledges the server's SETTINGS as any client must (RFC 9113 section 6.5.3).
 */
export async function rawClient(port: number | (() => Socket)): Promise<RawClient> {
  const socket = typeof port === 'number' ? connect(port, '127.0.0.1') : port();
  await new Promise((resolve) => socket.once(typeof port === 'number' ? 'connect' : 'secureConnect', resolve));
  const frames: ReceivedFrame[] = [];
  const reader = new FrameReader(1 << 24, (type, flags, streamId, payload) => {
    frames.push({ type, flags, streamId, payload: Buffer.from(payload) });
    if (type === FrameType.SETTINGS && !(flags & Flag.ACK) && socket.writable) socket.write(frame(FrameType.SETTINGS, Flag.ACK, 0));
  }, false);
  socket.on('data', (chunk) => reader.push(chunk));
  socket.on('error', () => undefined); // a server closing after GOAWAY may reset the socket
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(check(), `frames: ${JSON.stringify(frames.map((f) => [f.type, f.flags, f.streamId]))}`);
  };
  return { socket, frames, closed, until };
}
