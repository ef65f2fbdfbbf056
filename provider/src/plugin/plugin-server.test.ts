// Tests the plugin server end to end over a real unix socket with mutual TLS, as Terraform's go-plugin client connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import { reflectedServiceDefinition } from './reflected-service-definition.ts';
import { connectTestClient } from './grpc-test-client.ts';
import { createLogger } from './logger.ts';
import { servePlugin, type PluginServer } from './plugin-server.ts';
import { createPluginCertificate } from './self-signed-certificate.ts';

const health = reflectedServiceDefinition(goPluginJson, 'grpc.health.v1.Health');
const clientIdentity = createPluginCertificate();

async function start(network: 'unix' | 'tcp' = 'unix', tls = true, onHostGone?: () => void) {
  let line = '';
  let exited = 0;
  const server: PluginServer = await servePlugin({
    env: tls ? { PLUGIN_CLIENT_CERT: clientIdentity.certPem } : {},
    appProtocolVersion: 6,
    services: () => [],
    logger: createLogger('off'),
    announce: (l) => { line = l; },
    exit: () => { exited++; },
    network,
    ...(onHostGone ? { onHostGone } : {}),
  });
  const [, , , address, , cert] = line.trimEnd().split('|');
  const serverCertPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const client = (withClientCert = true) => connectTestClient({
    network, address, tls: !tls ? undefined : withClientCert ? { serverCertPem, keyPem: clientIdentity.keyPem, certPem: clientIdentity.certPem } : { serverCertPem },
  });
  return { server, line, client, exited: () => exited };
}

test('health reports SERVING for "plugin" over mutual TLS on a unix socket; other names are NOT_FOUND', async (t) => {
  const { server, line, client } = await start();
  t.after(() => server.stop());
  assert.match(line, /^1\|6\|unix\|\/.+\/plugin\.sock\|grpc\|[A-Za-z0-9+/]+\n$/);
  const { session, call } = client();
  t.after(() => session.close());
  const ok = call(health.Check, [{ service: 'plugin' }]);
  assert.deepEqual(await ok.status, { code: 0, message: '' });
  assert.deepEqual(ok.messages, [{ status: 1 }]);
  const other = call(health.Check, [{ service: 'other' }]);
  assert.deepEqual(await other.status, { code: 5, message: 'unknown service other' });
  assert.deepEqual(other.messages, []);
});

test('a unary answer is the headers, the message, then grpc-status 0 as trailers; no date header', async (t) => {
  const { server, client } = await start();
  t.after(() => server.stop());
  const { session, call } = client();
  t.after(() => session.close());
  for (let i = 0; i < 2; i++) { // the second call reuses the shared header and trailer objects
    const ok = call(health.Check, [{ service: 'plugin' }]);
    assert.deepEqual(await ok.status, { code: 0, message: '' });
    assert.deepEqual(ok.messages, [{ status: 1 }]);
    const [headers, trailers] = ok.headerBlocks.map((h) => Object.fromEntries(Object.entries(h).filter(([name]) => typeof name === 'string')));
    assert.deepEqual(headers, { ':status': 200, 'content-type': 'application/grpc' });
    assert.deepEqual(trailers, { 'grpc-status': '0' });
  }
});

test('an unknown method is UNIMPLEMENTED and a unary call with two messages is refused', async (t) => {
  const { server, client } = await start();
  t.after(() => server.stop());
  const { session, call } = client();
  t.after(() => session.close());
  assert.equal((await call({ ...health.Check, path: '/grpc.health.v1.Health/Nope' }, [{}]).status).code, 12);
  assert.equal((await call(health.Check, [{ service: 'plugin' }, { service: 'plugin' }]).status).code, 12);
});

test('a request that is not a valid message ends with INTERNAL, and the server keeps serving', async (t) => {
  const { server, client } = await start();
  t.after(() => server.stop());
  const { session, call } = client();
  t.after(() => session.close());
  const garbage = call({ ...health.Check, encodeRequest: () => Uint8Array.from([0x0a, 0xff]) }, [{}]);
  const status = await garbage.status;
  assert.equal(status.code, 13);
  assert.match(status.message, /cannot decode the request/);
  assert.equal((await call(health.Check, [{ service: 'plugin' }]).status).code, 0);
});

test('a client without the host certificate is refused', async (t) => {
  const { server, client } = await start();
  t.after(() => server.stop());
  const { session, call } = client(false);
  t.after(() => session.destroy());
  await assert.rejects(call(health.Check, [{ service: 'plugin' }]).status);
});

test('a client presenting another certificate than the host\'s is refused', async (t) => {
  const { server, line } = await start();
  t.after(() => server.stop());
  const [, , , address, , cert] = line.trimEnd().split('|');
  const serverCertPem = `-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----\n`;
  const stranger = createPluginCertificate();
  const { session, call } = connectTestClient({ network: 'unix', address, tls: { serverCertPem, keyPem: stranger.keyPem, certPem: stranger.certPem } });
  t.after(() => session.destroy());
  await assert.rejects(call(health.Check, [{ service: 'plugin' }]).status);
});

test('tcp on loopback works too', async (t) => {
  const { server, line, client } = await start('tcp');
  t.after(() => server.stop());
  assert.match(line, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|/);
  const { session, call } = client();
  t.after(() => session.close());
  const ok = call(health.Check, [{ service: '' }]);
  assert.equal((await ok.status).code, 0);
  assert.deepEqual(ok.messages, [{ status: 1 }]);
});

test('without PLUGIN_CLIENT_CERT it serves plaintext HTTP/2 and announces no certificate', async (t) => {
  const { server, line, client } = await start('unix', false);
  t.after(() => server.stop());
  assert.match(line, /\|grpc\|\n$/);
  const { session, call } = client();
  t.after(() => session.close());
  const ok = call(health.Check, [{ service: 'plugin' }]);
  assert.equal((await ok.status).code, 0);
  assert.deepEqual(ok.messages, [{ status: 1 }]);
});

test('Shutdown replies, ends the open streams with OK, removes the socket and exits at once', async (t) => {
  const { server, client, exited } = await start();
  t.after(() => server.stop());
  const { session, call } = client();
  t.after(() => session.destroy());
  const stdio = call(reflectedServiceDefinition(goPluginJson, 'plugin.GRPCStdio').StreamStdio, [{}]);
  const broker = call(reflectedServiceDefinition(goPluginJson, 'plugin.GRPCBroker').StartStream, [], true);
  const watch = call(health.Watch, [{ service: 'plugin' }]);
  for (let i = 0; i < 200 && watch.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(watch.messages, [{ status: 1 }]);
  const started = performance.now();
  const shutdown = call(reflectedServiceDefinition(goPluginJson, 'plugin.GRPCController').Shutdown, [{}]);
  assert.deepEqual(await shutdown.status, { code: 0, message: '' });
  assert.deepEqual(shutdown.messages, [{}]);
  for (const open of [stdio, broker, watch]) assert.equal((await open.status).code, 0);
  while (exited() === 0 && performance.now() - started < 1000) await new Promise((r) => setTimeout(r, 5));
  assert.equal(exited(), 1);
  assert.ok(performance.now() - started < 300, `exited after ${Math.round(performance.now() - started)} ms`);
  assert.equal(existsSync((server.address as { path: string }).path), false);
});

test('with onHostGone, the host\'s connection closing without Shutdown stops the server and reports it once', async (t) => {
  let gone = 0;
  const { server, client } = await start('unix', true, () => { gone++; });
  t.after(() => server.stop());
  const first = client();
  const second = client();
  for (const { call } of [first, second]) assert.equal((await call(health.Check, [{ service: 'plugin' }]).status).code, 0);
  first.session.destroy();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(gone, 0, 'another connection of the host is still open');
  second.session.destroy();
  for (let i = 0; i < 100 && gone === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(gone, 1);
  assert.equal(existsSync((server.address as { path: string }).path), false, 'the server stopped (socket removed)');
});
