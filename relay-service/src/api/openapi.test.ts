// The OpenAPI document validates as OpenAPI 3.1, and the express router and the document list exactly the same operations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import type express from 'express';
import { createLogger } from '../logger.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import { apiRoutes } from './api-routes.ts';
import { DirectoryLogins } from '../directory/directory-logins.ts';
import { ConsoleSessions } from './console/console-sessions.ts';
import { createHttpApp } from './http-app.ts';
import { LoginRateLimiter } from './login-rate-limiter.ts';

let relay: TestRelay;
let document: any;
before(async () => {
  relay = await startTestRelay();
  const response = await relay.api('GET', '/v1/openapi.json', undefined, { authorization: '' });
  assert.equal(response.status, 200, 'the document is public');
  document = response.body;
});
after(() => relay.dispose());

test('the served document is valid OpenAPI 3.1 (and the validator does reject a broken one)', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  assert.deepEqual(result.errors ?? [], []);
  assert.equal(result.valid, true);
  assert.equal(validator.version, '3.1');
  const broken = structuredClone(document);
  broken.paths['/healthz'].get.responses = { 200: { content: {} } };
  assert.equal((await new Validator().validate(broken)).valid, false);
});

/** `METHOD /path/{param}` for every route layer of an express 4 app. */
function expressOperations(app: express.Express): string[] {
  const stack = (app as unknown as { _router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } })._router.stack;
  return stack.filter((layer) => layer.route).flatMap(({ route }) =>
    Object.keys(route!.methods).map((method) => `${method.toUpperCase()} ${route!.path.replace(/:(\w+)/g, '{$1}')}`)).sort();
}

test('every route of the express app is in the document, and every documented operation is routed', () => {
  const deps = { store: relay.handles().store, reader: relay.handles().config, secretBox: null as never, queue: null, logger: createLogger('silent'), dataDir: relay.dataDir, hostName: 'h' };
  const directories = { box: deps.secretBox, logins: new DirectoryLogins() };
  const signIn = { reads: relay.handles().store, limiter: new LoginRateLimiter(), directories, sessions: new ConsoleSessions() };
  const app = createHttpApp(apiRoutes(deps), signIn, createLogger('silent'));
  const routed = expressOperations(app);
  const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)).sort();
  assert.deepEqual(routed, documented);
  assert.equal(new Set(routed).size, routed.length, 'no operation registered twice');
  const operationIds = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>)
    .flatMap((operations) => Object.values(operations).map((o) => o.operationId));
  assert.equal(new Set(operationIds).size, routed.length, 'operationIds are unique');
  for (const expected of ['GET /healthz', 'GET /metrics', 'POST /v1/tokens', 'DELETE /v1/tokens/{id}', 'POST /v1/relay-check', 'GET /v1/virtual-servers/{id}/open-relay', 'GET /v1/audit-log', 'POST /v1/queue/{id}/retry', 'POST /v1/queue/retry', 'POST /v1/queue/delete', 'GET /v1/queue/{id}/message', 'GET /v1/status',
    'PATCH /v1/virtual-servers/{virtual_server_id}/remote-domains/{id}', 'DELETE /v1/certificates/{id}',
    'GET /v1/dead-letters', 'GET /v1/dead-letters/{id}', 'GET /v1/dead-letters/{id}/message', 'DELETE /v1/dead-letters/{id}']) {
    assert.ok(routed.includes(expected), expected);
  }
});

test('request bodies reference the same JSON Schemas the API validates with, including defaults and write-only secrets', () => {
  const schemas = document.components.schemas;
  const create = document.paths['/v1/virtual-servers'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(create, { $ref: '#/components/schemas/VirtualServer' });
  assert.equal(schemas.VirtualServer.properties.limits.properties.max_connections.default, 100);
  assert.equal(schemas.Account.properties.password_wo.writeOnly, true);
  assert.equal(schemas.Certificate.properties.fingerprint_sha256.readOnly, true);
  assert.ok(schemas.Error.properties.error);
  assert.deepEqual(document.paths['/healthz'].get.security, []);
  assert.deepEqual(Object.keys(document.paths['/v1/dead-letters/{id}/message'].get.responses['200'].content), ['message/rfc822']);
  assert.deepEqual(document.paths['/v1/dead-letters/{id}'].get.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/DeadLetter' });
  assert.deepEqual(schemas.DeadLetter.properties.reason_class.enum, ['null_sender_failed', 'null_sender_expired', 'unreadable']);
  assert.equal(schemas.VirtualServer.properties.dead_letter.properties.retention_hours.default, 168);
});
