// Drives the plugin server over its mutual-TLS loopback socket with independent HTTP/2 peers: nghttp2's command-line
// client (nghttp, Debian's nghttp2-client) and hand-made frames, malformed ones included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import { frameMessage } from './grpc-framing.ts';
import { connectTestClient } from './grpc-test-client.ts';
import { CLIENT_PREFACE, ErrorCode, Flag, FrameType, frame, headerBlock, rawClient, settingsFrame, type RawClient } from './http2-raw-client.ts';
import { createLogger } from './logger.ts';
import { HTTP2_SETTINGS, servePlugin } from './plugin-server.ts';
import { reflectedServiceDefinition } from './reflected-service-definition.ts';
import { createPluginCertificate } from './self-signed-certificate.ts';

const NGHTTP = '/usr/bin/nghttp';
/** CI installs nghttp2-client (.ci/run), so there these tests never skip. */
const nghttpSkip: string | false = existsSync(NGHTTP) ? false : `nghttp is not installed (${NGHTTP} is missing; apt-get install nghttp2-client)`;

const health = reflectedServiceDefinition(goPluginJson, 'grpc.health.v1.Health');
const broker = reflectedServiceDefinition(goPluginJson, 'plugin.GRPCBroker');
const host = createPluginCertificate();

/** A plugin server with AutoMTLS on 127.0.0.1 (a free port the OS picks), as Terraform starts it. */
async function start(t: { after: (fn: () => void) => void }) {
  let line = '';
  const server = await servePlugin({
    env: { PLUGIN_CLIENT_CERT: host.certPem }, appProtocolVersion: 6, services: () => [], logger: createLogger('off'),
    announce: (l) => { line = l; }, exit: () => undefined, network: 'tcp',
  });
  t.after(() => server.stop());
  const [, , , address, , cert] = line.trimEnd().split('|');
  // The handshake line's base64 has no padding; PEM wants it.
  const serverCertPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const port = Number(address.split(':')[1]);
  const tls = { serverCertPem, keyPem: host.keyPem, certPem: host.certPem };
  /** A raw HTTP/2 client on a TLS connection presenting the host's certificate. */
  const raw = async () => {
    const client = await rawClient(() => tlsConnect({ host: '127.0.0.1', port, ca: serverCertPem, key: host.keyPem, cert: host.certPem, servername: 'localhost', ALPNProtocols: ['h2'] }));
    t.after(() => client.socket.destroy());
    return client;
  };
  /** A well-formed health check through node:http2's client: the server still serves. */
  const healthy = async () => {
    const { session, call } = connectTestClient({ network: 'tcp', address, tls });
    try {
      const check = call(health.Check, [{ service: 'plugin' }]);
      assert.deepEqual(await check.status, { code: 0, message: '' });
      assert.deepEqual(check.messages, [{ status: 1 }]);
    } finally {
      session.destroy();
    }
  };
  return { port, raw, healthy };
}

/** Runs nghttp -v against the plugin's health Check, presenting the host's certificate unless `withCert` is false. */
async function nghttpHealthCheck(t: { after: (fn: () => void) => void }, port: number, withCert = true, extraArgs: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nghttp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cert.pem'), host.certPem);
  writeFileSync(join(dir, 'key.pem'), host.keyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'request'), frameMessage(health.Check.encodeRequest({ service: 'plugin' })));
  const args = [
    '-v', ...(withCert ? [`--cert=${join(dir, 'cert.pem')}`, `--key=${join(dir, 'key.pem')}`] : []),
    ...extraArgs, '-d', join(dir, 'request'), '-H', 'content-type: application/grpc', '-H', 'te: trailers', `https://127.0.0.1:${port}${health.Check.path}`,
  ];
  // Asynchronous: the server runs in this process's event loop.
  const { stdout } = await promisify(execFile)(NGHTTP, args, { encoding: 'latin1', timeout: 20_000 });
  return stdout;
}

test('nghttp (nghttp2\'s client) calls health Check over mutual TLS; the server announces its limits', { skip: nghttpSkip }, async (t) => {
  const { port } = await start(t);
  const out = await nghttpHealthCheck(t, port);
  assert.match(out, /The negotiated protocol: h2/);
  const settings = out.match(/recv SETTINGS frame <length=\d+, flags=0x00, stream_id=0>[\s\S]*?(?=\n\[)/)?.[0] ?? '';
  assert.match(settings, /\[SETTINGS_MAX_CONCURRENT_STREAMS\(0x03\):100\]/);
  assert.match(settings, /\[SETTINGS_INITIAL_WINDOW_SIZE\(0x04\):8388608\]/);
  assert.match(settings, /\[SETTINGS_MAX_FRAME_SIZE\(0x05\):1048576\]/);
  assert.match(out, /recv \(stream_id=13\) :status: 200/);
  assert.match(out, /recv \(stream_id=13\) content-type: application\/grpc/);
  assert.match(out, /recv DATA frame <length=7, flags=0x00, stream_id=13>/); // the 5-octet prefix and status SERVING
  assert.match(out, /recv \(stream_id=13\) grpc-status: 0/);
  assert.doesNotMatch(out, /recv GOAWAY|recv RST_STREAM/);
});

test('nghttp with an 18 kB header block and a priority: the answer decodes to :status 200, the message and grpc-status 0', { skip: nghttpSkip }, async (t) => {
  const { port } = await start(t);
  const out = await nghttpHealthCheck(t, port, true, ['--continuation']);
  // nghttp logs the header block whole. Sent before the server's SETTINGS arrive it goes out as HEADERS + CONTINUATION,
  // after them as one HEADERS frame (the server allows 1 MiB frames): which one is a race, so the split itself is
  // checked deterministically by the hand-made frames of node-http2-connection.test.ts.
  const sent = out.match(/send HEADERS frame <length=(\d+), flags=0x24, stream_id=13>/);
  assert.ok(sent && Number(sent[1]) > 16_384, out.slice(0, 2000));
  // The response headers, then one HEADERS frame of trailers, decoded by nghttp2.
  assert.match(out, /recv \(stream_id=13\) :status: 200\n\[[^\]]+\] recv \(stream_id=13\) content-type: application\/grpc\n\[[^\]]+\] recv HEADERS frame <length=\d+, flags=0x04, stream_id=13>/);
  assert.match(out, /recv DATA frame <length=7, flags=0x00, stream_id=13>/);
  assert.match(out, /recv \(stream_id=13\) grpc-status: 0\n\[[^\]]+\] recv HEADERS frame <length=\d+, flags=0x05, stream_id=13>/);
  assert.doesNotMatch(out, /recv \(stream_id=13\) (?!:status|content-type|grpc-status)/);
});

test('nghttp without the host\'s client certificate gets no answer; the server goes on serving', { skip: nghttpSkip }, async (t) => {
  const { port, healthy } = await start(t);
  const out = await nghttpHealthCheck(t, port, false);
  assert.doesNotMatch(out, /:status/);
  await healthy();
});

/** Waits for the server's GOAWAY on `client` and asserts its error code. */
async function assertGoaway(client: RawClient, code: number) {
  await client.until(() => client.frames.some((f) => f.type === FrameType.GOAWAY));
  const goaway = client.frames.find((f) => f.type === FrameType.GOAWAY)!;
  assert.equal(goaway.payload.readUInt32BE(4), code, `GOAWAY error code ${goaway.payload.readUInt32BE(4)}, expected ${code}`);
}

/** Asserts that the server closes the connection within 2 s. */
async function assertClosed(client: RawClient) {
  const closed = await Promise.race([client.closed.then(() => true), new Promise((resolve) => setTimeout(resolve, 2000, false))]);
  assert.ok(closed, 'the server closes the connection after its GOAWAY');
}

/** Sends the preface and SETTINGS, and waits until the server's SETTINGS arrived (and were acknowledged). */
async function greet(client: RawClient) {
  client.socket.write(Buffer.concat([CLIENT_PREFACE, settingsFrame([])]));
  await client.until(() => client.frames.some((f) => f.type === FrameType.SETTINGS && !(f.flags & Flag.ACK)));
}

test('malformed over mutual TLS: a bad preface, a frame above SETTINGS_MAX_FRAME_SIZE, HEADERS on stream 0 each end their connection with GOAWAY and the right code; the process keeps serving', async (t) => {
  const { raw, healthy } = await start(t);

  const badPreface = await raw();
  badPreface.socket.write('PRI * HTTP/1.1\r\nHost: plugin\r\n\r\nSM\r\n\r\n');
  await assertGoaway(badPreface, ErrorCode.PROTOCOL_ERROR);
  await assertClosed(badPreface);
  await healthy();

  const onStreamZero = await raw();
  await greet(onStreamZero);
  onStreamZero.socket.write(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 0, requestHeaders(health.Check.path)));
  await assertGoaway(onStreamZero, ErrorCode.PROTOCOL_ERROR);
  await assertClosed(onStreamZero);
  await healthy();

  // nghttp2 handles this one itself: GOAWAY, then it reads nothing more; Node closes the socket only when the
  // client does (grpc-go does on a GOAWAY with an error). A request sent after it is not served.
  const oversized = await raw();
  await greet(oversized);
  const payload = Buffer.alloc(HTTP2_SETTINGS.maxFrameSize + 1);
  oversized.socket.write(Buffer.concat([frame(FrameType.HEADERS, Flag.END_HEADERS, 1, requestHeaders(health.Check.path)), frame(FrameType.DATA, 0, 1, payload)]));
  await assertGoaway(oversized, ErrorCode.FRAME_SIZE_ERROR);
  const check = frameMessage(health.Check.encodeRequest({ service: 'plugin' }));
  oversized.socket.write(Buffer.concat([frame(FrameType.HEADERS, Flag.END_HEADERS, 3, requestHeaders(health.Check.path)), frame(FrameType.DATA, Flag.END_STREAM, 3, check)]));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!oversized.frames.some((f) => f.streamId === 3), 'nothing is served on the connection after its GOAWAY');
  await healthy();
});

test('SETTINGS_MAX_CONCURRENT_STREAMS: a client opening one stream more loses its connection (PROTOCOL_ERROR); the process keeps serving', async (t) => {
  const { raw, healthy } = await start(t);
  const client = await raw();
  await greet(client);
  const limit = HTTP2_SETTINGS.maxConcurrentStreams;
  // Bidirectional broker streams the client never ends: each stays open. nghttp2 treats the stream beyond the limit
  // as a connection error (RFC 9113 section 5.1.2 allows a stream error too); grpc-go waits for a free stream instead.
  const open = Array.from({ length: limit + 1 }, (_, i) => frame(FrameType.HEADERS, Flag.END_HEADERS, 2 * i + 1, requestHeaders(broker.StartStream.path)));
  client.socket.write(Buffer.concat(open));
  await assertClosed(client);
  // Over TLS Node often destroys the socket before nghttp2's GOAWAY is out; when one arrives, its code is PROTOCOL_ERROR.
  const goaway = client.frames.find((f) => f.type === FrameType.GOAWAY);
  if (goaway) assert.equal(goaway.payload.readUInt32BE(4), ErrorCode.PROTOCOL_ERROR);
  assert.ok(client.frames.filter((f) => f.type === FrameType.RST_STREAM).every((f) => f.payload.readUInt32BE(0) === ErrorCode.PROTOCOL_ERROR));
  assert.ok(!client.frames.some((f) => f.type === FrameType.HEADERS && f.streamId === 2 * limit + 1), 'the stream beyond the limit is not served');
  await healthy();
});

/** A gRPC request's header block, as grpc-go sends it (pseudo-headers, :authority, content-type, te). */
function requestHeaders(path: string): Buffer {
  return headerBlock([[':method', 'POST'], [':scheme', 'https'], [':path', path], [':authority', 'localhost'], ['content-type', 'application/grpc'], ['te', 'trailers']]);
}
