// Tests the node:http2 transport behind the ServerStream interface with gRPC calls from node:http2's client and with hand-made frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants as http2Constants } from 'node:http2';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import tfplugin6Json from '../protocol/generated/tfplugin6.json' with { type: 'json' };
import type { Services as Tf6Services } from '../protocol/generated/tfplugin6.types.ts';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import type { Services as GoPluginServices } from './generated/go-plugin.types.ts';
import { grpcCallHandler, type StreamingCall } from './grpc-call-handler.ts';
import { MAX_MESSAGE_SIZE, frameMessage } from './grpc-framing.ts';
import { reflectedServiceDefinition } from './reflected-service-definition.ts';
import { connectTestClient } from './grpc-test-client.ts';
import { CLIENT_PREFACE, ErrorCode, Flag, FrameType, Setting, frame, headerBlock, rawClient, settingsFrame, windowUpdateFrame, type RawClient } from './http2-raw-client.ts';
import { serveConnection } from './node-http2-connection.ts';
import { HTTP2_SETTINGS } from './plugin-server.ts';

const tf6 = reflectedServiceDefinition<Tf6Services['tfplugin6.Provider']>(tfplugin6Json, 'tfplugin6.Provider');
const broker = reflectedServiceDefinition<GoPluginServices['plugin.GRPCBroker']>(goPluginJson, 'plugin.GRPCBroker');
const stdio = reflectedServiceDefinition<GoPluginServices['plugin.GRPCStdio']>(goPluginJson, 'plugin.GRPCStdio');
const health = reflectedServiceDefinition<GoPluginServices['grpc.health.v1.Health']>(goPluginJson, 'grpc.health.v1.Health');

/** What the test services saw. */
interface Seen { finishedSlow: number; closedStreams: number }

/**
 * A plaintext HTTP/2 server on loopback with test services: ValidateResourceConfig answers with the request's
 * size (type "big": a 300 kB detail; "slow": after 150 ms), StartStream echoes, StreamStdio sends 10 B, 100 kB, 10 B.
 */
async function start(t: { after: (fn: () => void) => void }, handlerOptions?: { maxMessageSize?: number }) {
  const seen: Seen = { finishedSlow: 0, closedStreams: 0 };
  const handle = grpcCallHandler([
    {
      definition: tf6,
      implementation: {
        ValidateResourceConfig: async (request: any) => {
          if (request.type_name === 'slow') {
            await new Promise((resolve) => setTimeout(resolve, 150));
            seen.finishedSlow++;
          }
          const detail = request.type_name === 'big' ? 'd'.repeat(300_000) : '';
          return { diagnostics: [{ severity: 2, summary: `${request.type_name} ${request.config?.msgpack?.length ?? 0}`, detail }] };
        },
      },
    },
    {
      definition: broker,
      implementation: {
        StartStream: (call: StreamingCall) => {
          call.onMessage((m) => call.write(m));
          call.onEnd(() => call.end());
          call.onClose(() => { seen.closedStreams++; });
        },
      },
    },
    {
      definition: health,
      implementation: {
        Check: () => { throw new Error('unary handler failed'); },
        Watch: () => { throw new Error('streaming handler failed'); },
      },
    },
    {
      definition: stdio,
      implementation: {
        StreamStdio: (call: StreamingCall) => {
          for (const size of [10, 100_000, 10]) call.write({ channel: 1, data: Buffer.alloc(size, 0x61) });
          call.end();
        },
      },
    },
  ], handlerOptions);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    serveConnection(socket, { settings: HTTP2_SETTINGS, onStream: handle });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const client = () => {
    const c = connectTestClient({ network: 'tcp', address: `127.0.0.1:${port}` });
    t.after(() => c.session.destroy());
    return c;
  };
  return { port, client, seen };
}

/** The request headers of a gRPC call as grpc-go sends them (node:http2 refuses a request without :authority). */
const REQUEST_HEADERS: Array<[string, string]> = [
  [':method', 'POST'], [':scheme', 'http'], [':path', tf6.ValidateResourceConfig.path], [':authority', 'localhost'], ['content-type', 'application/grpc'],
];

const validate = (typeName: string, configBytes = 0) => ({ type_name: typeName, config: { msgpack: Buffer.alloc(configBytes, 0x90) } });

test('many concurrent unary calls on one connection each get their own answer', async (t) => {
  const { client } = await start(t);
  const { call } = client();
  const calls = Array.from({ length: 200 }, (_, i) => call(tf6.ValidateResourceConfig, [validate(`r${i}`, i)]));
  const statuses = await Promise.all(calls.map((c) => c.status));
  assert.ok(statuses.every((s) => s.code === 0));
  calls.forEach((c, i) => assert.equal(c.messages[0].diagnostics[0].summary, `r${i} ${i}`));
});

test('a 300 kB response goes out under the client\'s default 64 KiB windows and 16 KiB frames', async (t) => {
  const { client } = await start(t);
  const { call } = client();
  const big = call(tf6.ValidateResourceConfig, [validate('big')]);
  const small = call(tf6.ValidateResourceConfig, [validate('small')]); // not held up behind the big one for ever
  assert.equal((await big.status).code, 0);
  assert.equal((await small.status).code, 0);
  assert.equal(big.messages[0].diagnostics[0].detail.length, 300_000);
  // Several at once share the connection window.
  const more = Array.from({ length: 4 }, () => call(tf6.ValidateResourceConfig, [validate('big')]));
  for (const c of more) assert.equal((await c.status).code, 0);
  assert.ok(more.every((c) => c.messages[0].diagnostics[0].detail.length === 300_000));
});

test('a 1 MB request arrives whole (the server replenishes its windows)', async (t) => {
  const { client } = await start(t);
  const { call } = client();
  for (let i = 0; i < 3; i++) { // 3 MB in all: more than half the stream window, past the connection's threshold too
    const c = call(tf6.ValidateResourceConfig, [validate('large', 1_000_000)]);
    assert.equal((await c.status).code, 0);
    assert.equal(c.messages[0].diagnostics[0].summary, 'large 1000000');
  }
  const huge = call(tf6.ValidateResourceConfig, [validate('huge', 12_000_000)]); // beyond one 8 MiB stream window
  assert.equal((await huge.status).code, 0);
  assert.equal(huge.messages[0].diagnostics[0].summary, 'huge 12000000');
});

test('a call the client resets mid-way is dropped; a reset bidi stream tells its handler; the connection goes on', async (t) => {
  const { client, seen } = await start(t);
  const { call } = client();
  const slow = call(tf6.ValidateResourceConfig, [validate('slow')]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  slow.stream.close(http2Constants.NGHTTP2_CANCEL);
  await assert.rejects(slow.status);
  const echo = call(broker.StartStream, [{ service_id: 7 }], true);
  for (let i = 0; i < 100 && echo.messages.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(echo.messages.map((m) => m.service_id), [7]);
  echo.stream.close(http2Constants.NGHTTP2_CANCEL);
  for (let i = 0; i < 100 && seen.closedStreams === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(seen.closedStreams, 1);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(seen.finishedSlow, 1); // the handler ran to its end; its answer went nowhere
  assert.equal((await call(tf6.ValidateResourceConfig, [validate('after')]).status).code, 0);
});

test('streaming: server-streaming messages in order (one larger than the window), bidi echo until the client ends', async (t) => {
  const { client, seen } = await start(t);
  const { call } = client();
  const out = call(stdio.StreamStdio, [{}]);
  assert.equal((await out.status).code, 0);
  assert.deepEqual(out.messages.map((m) => m.data.length), [10, 100_000, 10]);
  const echo = call(broker.StartStream, [{ service_id: 1 }, { service_id: 2 }, { service_id: 3 }]);
  assert.equal((await echo.status).code, 0);
  assert.deepEqual(echo.messages.map((m) => m.service_id), [1, 2, 3]);
  assert.equal(seen.closedStreams, 1);
});

test('unknown methods are UNIMPLEMENTED; other content types and methods are 415', async (t) => {
  const { client } = await start(t);
  const { session, call } = client();
  const unknown = call({ ...tf6.ValidateResourceConfig, path: '/tfplugin6.Provider/Nope' }, [{}]);
  assert.deepEqual(await unknown.status, { code: 12, message: 'unknown method /tfplugin6.Provider/Nope' });
  for (const headers of [{ ':method': 'POST', 'content-type': 'text/plain' }, { ':method': 'GET', 'content-type': 'application/grpc' }]) {
    const stream = session.request({ ':path': tf6.ValidateResourceConfig.path, ...headers }, { endStream: headers[':method'] === 'GET' });
    const status = await new Promise((resolve) => stream.once('response', (h) => resolve(h[':status'])));
    assert.equal(status, 415);
    stream.destroy();
  }
});

test('a unary handler that throws is INTERNAL; a streaming one that throws resets its stream only', async (t) => {
  const { client } = await start(t);
  const { call } = client();
  assert.deepEqual(await call(health.Check, [{ service: 'x' }]).status, { code: 13, message: 'unary handler failed' });
  const watch = call(health.Watch, [{ service: 'x' }]);
  await assert.rejects(watch.status, /NGHTTP2_INTERNAL_ERROR|code 2/);
  assert.equal((await call(tf6.ValidateResourceConfig, [validate('after')]).status).code, 0);
});

test('a request whose prefix declares more than 256 MiB ends with RESOURCE_EXHAUSTED before the client finished it', async (t) => {
  const { client } = await start(t);
  const { session, call } = client();
  const stream = session.request({ ':method': 'POST', ':path': tf6.ValidateResourceConfig.path, 'content-type': 'application/grpc', te: 'trailers' });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(MAX_MESSAGE_SIZE + 1, 1);
  stream.write(Buffer.concat([prefix, Buffer.alloc(100_000)])); // and never ends the request
  const headers = await new Promise<Record<string, unknown>>((resolve) => stream.once('response', resolve));
  assert.equal(headers['grpc-status'], '8');
  assert.match(decodeURIComponent(String(headers['grpc-message'])), /received message larger than max \(268435457 vs\. 268435456\)/);
  stream.destroy();
  assert.equal((await call(tf6.ValidateResourceConfig, [validate('after')]).status).code, 0);
});

test('with a smaller limit: a unary request of two messages above it, a bidi message above it and a response above it are RESOURCE_EXHAUSTED', async (t) => {
  const { client } = await start(t, { maxMessageSize: 100_000 });
  const { call } = client();
  const twoMessages = await call(tf6.ValidateResourceConfig, [validate('a', 60_000), validate('b', 60_000)]).status;
  assert.equal(twoMessages.code, 8);
  assert.match(twoMessages.message, /received message larger than max \(\d+ vs\. 100000\)/);
  const echo = await call(broker.StartStream, [{ service_id: 1 }, { service_id: 2, address: 'a'.repeat(100_001) }]).status;
  assert.equal(echo.code, 8);
  const response = await call(tf6.ValidateResourceConfig, [validate('big')]).status; // a 300 kB answer
  assert.deepEqual(response.code, 8);
  assert.match(response.message, /trying to send message larger than max \(\d+ vs\. 100000\)/);
  assert.equal((await call(tf6.ValidateResourceConfig, [validate('small', 99_000)]).status).code, 0);
});

test('PING is answered', async (t) => {
  const { client } = await start(t);
  const { session } = client();
  await new Promise((resolve) => session.once('remoteSettings', resolve));
  await new Promise<void>((resolve, reject) => { session.ping((error) => (error ? reject(error) : resolve())); });
});

test('hand-made frames: padded HEADERS with priority and a CONTINUATION, a padded DATA; the answer comes as 3 frames', async (t) => {
  const { port } = await start(t);
  const { socket, frames, until } = await rawClient(port);
  t.after(() => socket.destroy());
  const block = headerBlock(REQUEST_HEADERS);
  const split = 10;
  const padded = (body: Buffer, pad: number) => Buffer.concat([Buffer.from([pad]), body, Buffer.alloc(pad)]);
  const priority = Buffer.from([0, 0, 0, 0, 16]);
  const message = frameMessage(tf6.ValidateResourceConfig.encodeRequest(validate('raw', 3)));
  socket.write(Buffer.concat([
    CLIENT_PREFACE, settingsFrame([]),
    frame(FrameType.HEADERS, Flag.PADDED | Flag.PRIORITY, 1, padded(Buffer.concat([priority, block.subarray(0, split)]), 4)),
    frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, block.subarray(split)),
    frame(0xfa, 0, 0, Buffer.from('an unknown frame type is ignored')),
    frame(FrameType.DATA, Flag.PADDED | Flag.END_STREAM, 1, padded(message, 7)),
  ]));
  await until(() => frames.some((f) => f.streamId === 1 && f.type === FrameType.HEADERS && f.flags & Flag.END_STREAM));
  const settings = frames.filter((f) => f.type === FrameType.SETTINGS);
  assert.deepEqual(settings.map((f) => f.flags), [0, Flag.ACK]);
  const onStream = frames.filter((f) => f.streamId === 1);
  assert.deepEqual(onStream.map((f) => [f.type, f.flags]), [
    [FrameType.HEADERS, Flag.END_HEADERS], [FrameType.DATA, 0], [FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM],
  ]);
  // The header blocks' fields, decoded by an independent HPACK decoder (nghttp2's, after HEADERS + CONTINUATION with a
  // priority): plugin-server-interop.test.ts.
  const response = tf6.ValidateResourceConfig.decodeResponse(onStream[1].payload.subarray(5));
  assert.equal(response.diagnostics[0].summary, 'raw 3');
});

test('hand-made frames: a protocol error is GOAWAY with its code, then the end; a bad preface ends the connection', async (t) => {
  const { port } = await start(t);
  const bad = await rawClient(port);
  t.after(() => bad.socket.destroy());
  bad.socket.write(Buffer.concat([CLIENT_PREFACE, settingsFrame([]), frame(FrameType.PUSH_PROMISE, Flag.END_HEADERS, 1, Buffer.alloc(4))]));
  await until(bad, () => bad.frames.some((f) => f.type === FrameType.GOAWAY));
  const goaway = bad.frames.find((f) => f.type === FrameType.GOAWAY)!;
  assert.equal(goaway.payload.readUInt32BE(4), ErrorCode.PROTOCOL_ERROR);
  await bad.closed;

  const hpack = await rawClient(port);
  t.after(() => hpack.socket.destroy());
  hpack.socket.write(Buffer.concat([CLIENT_PREFACE, settingsFrame([]), frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 1, Buffer.from([0xbe]))]));
  await until(hpack, () => hpack.frames.some((f) => f.type === FrameType.GOAWAY));
  assert.equal(hpack.frames.find((f) => f.type === FrameType.GOAWAY)!.payload.readUInt32BE(4), ErrorCode.COMPRESSION_ERROR);

  const notHttp2 = await rawClient(port);
  t.after(() => notHttp2.socket.destroy());
  notHttp2.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await notHttp2.closed;
});

test('hand-made frames: a response waits for the client\'s stream and connection WINDOW_UPDATEs', async (t) => {
  const { port } = await start(t);
  const { socket, frames, until } = await rawClient(port);
  t.after(() => socket.destroy());
  const block = headerBlock(REQUEST_HEADERS);
  const message = frameMessage(tf6.ValidateResourceConfig.encodeRequest(validate('big')));
  socket.write(Buffer.concat([
    CLIENT_PREFACE, settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 100]]),
    frame(FrameType.HEADERS, Flag.END_HEADERS, 1, block), frame(FrameType.DATA, Flag.END_STREAM, 1, message),
  ]));
  const sent = () => frames.filter((f) => f.type === FrameType.DATA).reduce((sum, f) => sum + f.payload.length, 0);
  await until(() => sent() === 100);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(sent(), 100);
  socket.write(windowUpdateFrame(1, 1_000_000)); // the stream may take more, the connection's 65 535 octets remain the limit
  await until(() => sent() === 65_535);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(sent(), 65_535);
  assert.ok(!frames.some((f) => f.type === FrameType.HEADERS && f.flags & Flag.END_STREAM), 'no trailers before all data');
  socket.write(windowUpdateFrame(0, 1_000_000));
  await until(() => frames.some((f) => f.type === FrameType.HEADERS && f.flags & Flag.END_STREAM));
  const data = frames.filter((f) => f.type === FrameType.DATA);
  assert.ok(data.every((f) => f.payload.length <= 16_384));
  const body = Buffer.concat(data.map((f) => f.payload));
  assert.equal(body.readUInt32BE(1), body.length - 5);
  assert.equal(tf6.ValidateResourceConfig.decodeResponse(body.subarray(5)).diagnostics[0].detail.length, 300_000);
});

async function until(client: RawClient, check: () => boolean) {
  await client.until(check);
}
