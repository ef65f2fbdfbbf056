// Tests the tfplugin6.Provider binding: every RPC of the service has a handler, a rejected call becomes an error
// diagnostic (or StopProvider's Error), traces name the RPC and the type, the ephemeral RPCs reach the server, all through the generated codecs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UnaryHandler } from '../plugin/grpc-call-handler.ts';
import { serviceDefinition, type MethodDefinition, type MethodTypes } from '../plugin/grpc-service-definition.ts';
import { createLogger } from '../plugin/logger.ts';
import tfplugin6Codecs from './generated/tfplugin6.codecs.ts';
import type { ProviderServer } from './provider-server.ts';
import { tf6Service } from './tf6-service.ts';

const tf6 = serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider');

/** A ProviderServer whose every method rejects as a bug would. */
const broken = new Proxy({}, { get: (_target, name) => async () => { throw new Error(`${String(name)} exploded`); } }) as ProviderServer;

/** Calls `name` on the service as the router does: request bytes decoded, the handler's answer encoded and decoded back. */
async function call<T extends MethodTypes>(service: ReturnType<typeof tf6Service>, name: string, method: MethodDefinition<T>, request: T['requestInit']): Promise<T['response']> {
  const handler = service.implementation[name] as UnaryHandler;
  return method.decodeResponse(method.encodeResponse(await handler(method.decodeRequest(method.encodeRequest(request)))));
}

test('every method of tfplugin6.Provider has a handler', () => {
  assert.deepEqual(Object.keys(tf6Service(broken, createLogger('off')).implementation).sort(), Object.keys(tf6).sort());
});

test('a rejected call is an error diagnostic naming the RPC, logged; StopProvider reports it in its Error field', async () => {
  const lines: string[] = [];
  const service = tf6Service(broken, createLogger('trace', (line) => lines.push(line)));
  const plan = await call(service, 'PlanResourceChange', tf6.PlanResourceChange, { type_name: 'smtp_account' });
  assert.deepEqual(plan.diagnostics.map((d) => [d.severity, d.summary, d.detail]), [[1, 'Internal error in PlanResourceChange', 'Error: planResourceChange exploded']]);
  assert.equal(plan.planned_state, null);
  const stop = await call(service, 'StopProvider', tf6.StopProvider, {});
  assert.deepEqual(stop, { Error: 'Error: stopProvider exploded' });
  assert.deepEqual(lines.map((l) => JSON.parse(l)).map((l) => [l['@level'], l['@message'], l.rpc]), [
    ['error', 'PlanResourceChange failed', 'PlanResourceChange'],
    ['error', 'StopProvider failed', 'StopProvider'],
  ]);
});

test('an answered call is traced with its type name; unsupported RPCs answer with a diagnostic', async () => {
  const lines: string[] = [];
  const server = { ...broken, validateResourceConfig: async () => ({ diagnostics: [] }) } as ProviderServer;
  const service = tf6Service(server, createLogger('trace', (line) => lines.push(line)));
  assert.deepEqual(await call(service, 'ValidateResourceConfig', tf6.ValidateResourceConfig, { type_name: 'smtp_account' }), { diagnostics: [] });
  assert.deepEqual(lines.map((l) => JSON.parse(l)).map((l) => [l['@message'], l.type_name]), [['ValidateResourceConfig done', 'smtp_account']]);
  const moved = await call(service, 'MoveResourceState', tf6.MoveResourceState, { target_type_name: 'smtp_account' });
  assert.deepEqual(moved.diagnostics.map((d) => d.summary), ['Moving resource state is not supported by this provider']);
});

test('the ephemeral RPCs reach the server: config and private bytes in, result, private bytes and renew_at out', async () => {
  const seen: unknown[] = [];
  const server = {
    ...broken,
    validateEphemeralResourceConfig: async (r) => { seen.push(['validate', r.typeName]); return { diagnostics: [{ severity: 'warning', summary: 'careful' }] }; },
    openEphemeralResource: async (r) => {
      seen.push(['open', r.typeName, Buffer.from(r.config!.msgpack!).toString('hex')]);
      return { result: { msgpack: Buffer.from([0x80]) }, private: Buffer.from('{"id":"t1"}'), renewAt: new Date(5_000), diagnostics: [] };
    },
    renewEphemeralResource: async (r) => { seen.push(['renew', r.typeName, Buffer.from(r.private).toString()]); return { private: r.private, diagnostics: [] }; },
    closeEphemeralResource: async (r) => { seen.push(['close', r.typeName, Buffer.from(r.private).toString()]); return { diagnostics: [] }; },
  } satisfies ProviderServer;
  const service = tf6Service(server, createLogger('off'));
  const validated = await call(service, 'ValidateEphemeralResourceConfig', tf6.ValidateEphemeralResourceConfig, { type_name: 'smtp_token' });
  assert.deepEqual(validated.diagnostics.map((d) => d.summary), ['careful']);
  const opened = await call(service, 'OpenEphemeralResource', tf6.OpenEphemeralResource, { type_name: 'smtp_token', config: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) } });
  assert.deepEqual([opened.result?.msgpack, opened._private === 'private' && Buffer.from(opened.private).toString()], [Buffer.from([0x80]), '{"id":"t1"}']);
  assert.deepEqual(opened._renew_at === 'renew_at' && opened.renew_at, { seconds: 5, nanos: 0 });
  const renewed = await call(service, 'RenewEphemeralResource', tf6.RenewEphemeralResource, { type_name: 'smtp_token', private: Buffer.from('{"id":"t1"}') });
  assert.deepEqual([renewed.diagnostics, renewed._renew_at], [[], undefined]);
  assert.deepEqual(await call(service, 'CloseEphemeralResource', tf6.CloseEphemeralResource, { type_name: 'smtp_token', private: Buffer.from('{"id":"t1"}') }), { diagnostics: [] });
  assert.deepEqual(seen, [['validate', 'smtp_token'], ['open', 'smtp_token', '81a16101'], ['renew', 'smtp_token', '{"id":"t1"}'], ['close', 'smtp_token', '{"id":"t1"}']]);
});
