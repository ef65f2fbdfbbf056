// Tests the apply/read/import contract through the protocol: prior (or partial) state on failed update, partial state on
// failed create, removal on 404, write-only values from config only, private data carried along.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../plugin/logger.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import { UNKNOWN, type TfValue } from '../protocol/value.ts';
import { DiagnosticsError } from './diagnostics-error.ts';
import { PrivateData } from './private-data.ts';
import type { Resource } from './resource.ts';
import { resourceOperations } from './resource-operations.ts';
import { attribute } from './schema/attribute.ts';
import { schemaType } from './schema/object-schema.ts';

interface Thing { id: string | null; name: string; secret_wo: string | null }

/** An in-memory resource: the framework is under test, so the remote side is a Map. */
function thingResource(store: Map<string, { name: string; secret: string | null }>, fail: { create?: 'before' | 'after'; update?: boolean | 'after' } = {}) {
  const resource: Resource<Thing, null> = {
    typeName: 'x_thing',
    schema: { description: 'thing', attributes: {
      id: attribute.string({ description: 'id', computed: true, useStateForUnknown: true }),
      name: attribute.string({ description: 'name', required: true }),
      secret_wo: attribute.string({ description: 'secret', optional: true, writeOnly: true }),
    } },
    async create(plan, ctx) {
      if (fail.create === 'before') throw DiagnosticsError.attribute([{ attribute: 'name' }], 'Rejected', 'no');
      store.set('t1', { name: plan.name, secret: plan.secret_wo });
      ctx.private.set('etag', '"1"');
      if (fail.create === 'after') throw Object.assign(new DiagnosticsError({ severity: 'error', summary: 'Half done' }), { partialState: { id: 't1', name: plan.name } });
      return { ...plan, id: 't1' };
    },
    async read(state) {
      const found = store.get(state.id!);
      return found ? { id: state.id, name: found.name, secret_wo: null } : null;
    },
    async update(plan, _prior, ctx) {
      if (fail.update === true) throw new DiagnosticsError({ severity: 'error', summary: 'Update refused' });
      assert.equal(ctx.private.get('etag'), '"1"', 'private data reaches update');
      store.set(plan.id!, { name: plan.name, secret: plan.secret_wo });
      if (fail.update === 'after') throw Object.assign(new DiagnosticsError({ severity: 'error', summary: 'Changed, then failed' }), { partialState: { ...plan, secret_wo: 'x' } });
      return plan;
    },
    async delete(state) { store.delete(state.id!); },
  };
  return resourceOperations(resource, () => null, createLogger('off'));
}

const type = schemaType({ attributes: { id: attribute.string({ description: 'i', computed: true }), name: attribute.string({ description: 'n', required: true }), secret_wo: attribute.string({ description: 's', optional: true }) } });
const dv = (value: TfValue) => encodeDynamicValue(value, type);
const decode = (value: Parameters<typeof decodeDynamicValue>[0]) => decodeDynamicValue(value, type);
const applyRequest = (prior: TfValue, planned: TfValue, config: TfValue, privateBytes: Uint8Array = new Uint8Array(0)) =>
  ({ typeName: 'x_thing', priorState: dv(prior), plannedState: dv(planned), config: dv(config), plannedPrivate: privateBytes });

test('create gets the write-only value from config; state never holds it; private data is returned', async () => {
  const store = new Map();
  const ops = thingResource(store);
  const response = await ops.apply(applyRequest(null, { id: UNKNOWN, name: 'a', secret_wo: null }, { id: null, name: 'a', secret_wo: 'hunter2' }));
  assert.deepEqual(response.diagnostics, []);
  assert.deepEqual(decode(response.newState), { id: 't1', name: 'a', secret_wo: null });
  assert.equal(store.get('t1').secret, 'hunter2');
  assert.equal(PrivateData.decode(response.private).get('etag'), '"1"');
});

test('a failed update returns the PRIOR state, never null', async () => {
  const ops = thingResource(new Map([['t1', { name: 'a', secret: null }]]), { update: true });
  const prior = { id: 't1', name: 'a', secret_wo: null };
  const response = await ops.apply(applyRequest(prior, { ...prior, name: 'b' }, { ...prior, id: null, name: 'b' }, new PrivateData({ etag: '"1"' }).encode()));
  assert.equal(response.diagnostics[0].summary, 'Update refused');
  assert.deepEqual(decode(response.newState), prior);
});

test('an update that failed after the change was made returns the written state (its partialState), write-only values still null', async () => {
  const ops = thingResource(new Map([['t1', { name: 'a', secret: null }]]), { update: 'after' });
  const prior = { id: 't1', name: 'a', secret_wo: null };
  const response = await ops.apply(applyRequest(prior, { ...prior, name: 'b' }, { ...prior, id: null, name: 'b' }, new PrivateData({ etag: '"1"' }).encode()));
  assert.equal(response.diagnostics[0].summary, 'Changed, then failed');
  assert.deepEqual(decode(response.newState), { id: 't1', name: 'b', secret_wo: null });
});

test('a failed create keeps a partially created object in state, or nothing when none exists', async () => {
  const partial = await thingResource(new Map(), { create: 'after' }).apply(applyRequest(null, { id: UNKNOWN, name: 'a', secret_wo: null }, { id: null, name: 'a', secret_wo: 's' }));
  assert.deepEqual(decode(partial.newState), { id: 't1', name: 'a', secret_wo: null });
  assert.equal(partial.diagnostics[0].summary, 'Half done');
  const none = await thingResource(new Map(), { create: 'before' }).apply(applyRequest(null, { id: UNKNOWN, name: 'a', secret_wo: null }, { id: null, name: 'a', secret_wo: 's' }));
  assert.equal(decode(none.newState), null);
  assert.deepEqual(none.diagnostics[0].attribute, [{ attribute: 'name' }]);
});

test('read of an object deleted outside Terraform returns null state (Terraform plans re-creation)', async () => {
  const ops = thingResource(new Map());
  const response = await ops.read({ typeName: 'x_thing', currentState: dv({ id: 't1', name: 'a', secret_wo: null }), private: new Uint8Array(0), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } });
  assert.deepEqual(response.diagnostics, []);
  assert.equal(decode(response.newState), null);
});

test('delete empties the state; import reads by id or says the object does not exist', async () => {
  const store = new Map([['t1', { name: 'a', secret: 'x' }]]);
  const ops = thingResource(store);
  const imported = await ops.import('t1');
  assert.deepEqual(decode(imported.importedResources[0].state), { id: 't1', name: 'a', secret_wo: null });
  const missing = await ops.import('nope');
  assert.deepEqual(missing.importedResources, []);
  assert.match(missing.diagnostics[0].summary, /non-existent remote object/);
  const deleted = await ops.apply(applyRequest({ id: 't1', name: 'a', secret_wo: null }, null, null));
  assert.equal(decode(deleted.newState), null);
  assert.equal(store.size, 0);
});
