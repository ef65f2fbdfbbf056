// Tests state upgrades: same version read as-is, older versions through the resource's upgraders, newer refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyResource } from './resource.ts';
import { attribute } from './schema/attribute.ts';
import { upgradeState } from './state-upgrade.ts';

const resource = {
  typeName: 'x_thing',
  schema: { description: 'a thing', version: 1, attributes: { id: attribute.string({ description: 'id', computed: true }), size_kb: attribute.number({ description: 'size', optional: true }) } },
  stateUpgraders: { 0: (old: Record<string, unknown>) => ({ id: old.id, size_kb: Number(old.size_mb) * 1024 }) },
} as unknown as AnyResource<unknown>;
const json = (o: object) => Buffer.from(JSON.stringify(o));

test('current-version state is read with the current type; removed attributes are dropped', () => {
  assert.deepEqual(upgradeState(resource, 1, json({ id: 'a', size_kb: 5, gone: true })), { state: { id: 'a', size_kb: 5 }, diagnostics: [] });
});

test('older state runs the upgraders', () => {
  assert.deepEqual(upgradeState(resource, 0, json({ id: 'a', size_mb: 2 })).state, { id: 'a', size_kb: 2048 });
});

test('newer state and flatmap state are errors', () => {
  assert.match(upgradeState(resource, 2, json({ id: 'a' })).diagnostics[0].detail!, /newer provider/);
  assert.match(upgradeState(resource, 1, undefined).diagnostics[0].detail!, /flatmap/);
});
