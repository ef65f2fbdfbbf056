// Tests what only the own HTTP/2 connection does (the shared behaviour is in http2-transport.test.ts, run against both transports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Http2Connection } from './http2-connection.ts';
import { CLIENT_PREFACE, ErrorCode, FrameType, frame, settingsFrame } from './http2-frames.ts';
import { rawClient } from './http2-raw-client.ts';
import { HTTP2_SETTINGS } from './plugin-server.ts';

test('hand-made frames: a header block beyond 1 MiB ends the connection (ENHANCE_YOUR_CALM)', async (t) => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    new Http2Connection(socket, { settings: HTTP2_SETTINGS, onStream: () => undefined });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const raw = await rawClient((server.address() as AddressInfo).port);
  t.after(() => raw.socket.destroy());
  raw.socket.write(Buffer.concat([
    CLIENT_PREFACE, settingsFrame([]),
    frame(FrameType.HEADERS, 0, 1, Buffer.alloc(600_000, 0x82)), frame(FrameType.CONTINUATION, 0, 1, Buffer.alloc(600_000, 0x82)),
  ]));
  await raw.until(() => raw.frames.some((f) => f.type === FrameType.GOAWAY));
  assert.equal(raw.frames.find((f) => f.type === FrameType.GOAWAY)!.payload.readUInt32BE(4), ErrorCode.ENHANCE_YOUR_CALM);
  await raw.closed;
});
