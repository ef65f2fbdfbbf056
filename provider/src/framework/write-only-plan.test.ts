// Tests of the plan-time write-only rules: a secret required on create (maybe only for some sibling value), a new version needs its secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN, type TfValue } from '../protocol/value.ts';
import { attribute } from './schema/attribute.ts';
import { writeOnlyPlanDiagnostics } from './write-only-plan.ts';

const security = attribute.singleNested({
  authentication: attribute.string({ description: 'mode', default: 'anonymous' }),
  password_wo: attribute.string({ description: 'secret', optional: true, writeOnly: true, requiredOnCreate: { when: { attribute: 'authentication', in: ['basic'] } } }),
  password_wo_version: attribute.number({ description: 'version', optional: true, computed: true, useStateForUnknown: true }),
}, { description: 'security', optional: true });
const attributes = {
  name: attribute.string({ description: 'name', required: true }),
  password_wo: attribute.string({ description: 'secret', optional: true, writeOnly: true, requiredOnCreate: {} }),
  password_wo_version: attribute.number({ description: 'version', optional: true, computed: true, useStateForUnknown: true }),
  security,
};
const object = (over: Record<string, TfValue> = {}): TfValue => ({ name: 'a', password_wo: 'pw', password_wo_version: 1, security: null, ...over });
const details = (config: TfValue, prior: TfValue) => writeOnlyPlanDiagnostics(attributes, config, prior).map((d) => `${JSON.stringify(d.attribute)} ${d.summary}: ${d.detail}`);

test('create: a secret required on create must be set; unknown counts as set', () => {
  assert.deepEqual(details(object(), null), []);
  assert.deepEqual(details(object({ password_wo: UNKNOWN }), null), []);
  assert.deepEqual(details(object({ password_wo: null }), null),
    ['[{"attribute":"password_wo"}] Missing password: Attribute password_wo is required when creating this object: it is write-only, so nothing else can supply it.']);
});

test('a nested secret is required only while its sibling asks for it, and only when the nested object is new', () => {
  const basic = { authentication: 'basic', password_wo: null, password_wo_version: null };
  assert.match(details(object({ security: basic }), null).join(),
    /^\[\{"attribute":"security"\},\{"attribute":"password_wo"\}\] Missing password: Attribute security\.password_wo is required when creating this object with authentication = "basic"/);
  assert.deepEqual(details(object({ security: { ...basic, authentication: 'anonymous' } }), null), []);
  assert.deepEqual(details(object({ security: { ...basic, authentication: UNKNOWN } }), null), [], 'unknown: judged at the next plan');
  const prior = object({ password_wo: null, security: { ...basic, password_wo_version: 1 } });
  assert.deepEqual(details(object({ password_wo: null, security: { ...basic, password_wo_version: 1 } }), prior), [], 'the relay already has it');
});

test('update: a new version needs its secret; the same version, an omitted one or an unknown one does not', () => {
  const prior = object({ password_wo: null });
  assert.deepEqual(details(object({ password_wo: null, password_wo_version: 1 }), prior), []);
  assert.deepEqual(details(object({ password_wo: null, password_wo_version: null }), prior), [], 'omitted: the prior version is kept');
  assert.deepEqual(details(object({ password_wo: null, password_wo_version: UNKNOWN }), prior), []);
  assert.deepEqual(details(object({ password_wo: 'new', password_wo_version: 2 }), prior), []);
  assert.deepEqual(details(object({ password_wo: null, password_wo_version: 2 }), prior),
    ['[{"attribute":"password_wo"}] Missing password: Attribute password_wo must be set when password_wo_version changes: the new version is what makes Terraform send it.']);
});

test('a computed nested attribute cannot hold a write-only one (Terraform would fill the secret in)', () => {
  const inner = { secret_wo: attribute.string({ description: 'secret', optional: true, writeOnly: true }) };
  assert.throws(() => attribute.singleNested(inner, { description: 'x', optional: true, computed: true }), /computed nested attribute cannot hold write-only/);
  assert.throws(() => attribute.singleNested({ inner: attribute.singleNested(inner, { description: 'y', optional: true }) }, { description: 'x', default: {} }),
    /computed nested attribute cannot hold write-only/);
  assert.doesNotThrow(() => attribute.singleNested(inner, { description: 'x', optional: true }));
});
