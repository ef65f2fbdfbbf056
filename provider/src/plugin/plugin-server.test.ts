// Tests the plugin server end to end over a real unix socket with mutual TLS, as Terraform's go-plugin client connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { credentials, makeGenericClientConstructor, type Client } from '@grpc/grpc-js';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import { loadRoot, serviceDefinition } from './grpc-service-definition.ts';
import { createLogger } from './logger.ts';
import { servePlugin, type PluginServer } from './plugin-server.ts';
import { createPluginCertificate } from './self-signed-certificate.ts';

const root = loadRoot(goPluginJson);
const clientIdentity = createPluginCertificate();

async function start(network: 'unix' | 'tcp' = 'unix') {
  let line = '';
  let exited = 0;
  const server: PluginServer = await servePlugin({
    env: { PLUGIN_CLIENT_CERT: clientIdentity.certPem },
    appProtocolVersion: 6,
    services: [],
    logger: createLogger('off'),
    announce: (l) => { line = l; },
    exit: () => { exited++; },
    network,
  });
  const [, , , address, , cert] = line.trimEnd().split('|');
  const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const client = (service: string, withClientCert = true): Client & Record<string, any> => {
    const Ctor = makeGenericClientConstructor(serviceDefinition(root, service), service);
    const creds = withClientCert
      ? credentials.createSsl(Buffer.from(serverPem), Buffer.from(clientIdentity.keyPem), Buffer.from(clientIdentity.certPem))
      : credentials.createSsl(Buffer.from(serverPem));
    const target = network === 'unix' ? `unix://${address}` : address;
    return new Ctor(target, creds, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' }) as any;
  };
  return { server, line, client, exited: () => exited };
}

const call = (client: any, method: string, request: object) =>
  new Promise<any>((resolve, reject) => client[method](request, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));

test('health reports SERVING for "plugin" over mutual TLS on a unix socket', async (t) => {
  const { server, line, client } = await start();
  t.after(() => server.stop());
  assert.match(line, /^1\|6\|unix\|\/.+\/plugin\.sock\|grpc\|[A-Za-z0-9+/]+\n$/);
  const health = client('grpc.health.v1.Health');
  t.after(() => health.close());
  assert.deepEqual(await call(health, 'Check', { service: 'plugin' }), { status: 1 });
  await assert.rejects(call(health, 'Check', { service: 'other' }), /NOT_FOUND|unknown service/);
});

test('a client without the host certificate is refused', async (t) => {
  const { server, client } = await start();
  t.after(() => server.stop());
  const health = client('grpc.health.v1.Health', false);
  t.after(() => health.close());
  await assert.rejects(call(health, 'Check', { service: 'plugin' }));
});

test('tcp on loopback works too', async (t) => {
  const { server, line, client } = await start('tcp');
  t.after(() => server.stop());
  assert.match(line, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|/);
  const health = client('grpc.health.v1.Health');
  t.after(() => health.close());
  assert.deepEqual(await call(health, 'Check', { service: 'plugin' }), { status: 1 });
});

test('Shutdown replies, ends the open streams, removes the socket and exits at once', async () => {
  const { server, client, exited } = await start();
  const stdio = client('plugin.GRPCStdio');
  const stream = stdio.StreamStdio({});
  const ended = new Promise<void>((resolve) => { stream.on('end', resolve); stream.on('error', () => resolve()); stream.on('data', () => undefined); });
  const controller = client('plugin.GRPCController');
  const started = performance.now();
  assert.deepEqual(await call(controller, 'Shutdown', {}), {});
  await ended;
  // Graceful close, or the 200 ms fallback: well inside Terraform's 2 s before it kills the plugin.
  while (exited() === 0 && performance.now() - started < 1000) await new Promise((r) => setTimeout(r, 5));
  assert.equal(exited(), 1);
  assert.ok(performance.now() - started < 500, `exited after ${Math.round(performance.now() - started)} ms`);
  assert.equal(existsSync((server.address as { path: string }).path), false);
  stdio.close();
  controller.close();
});
