// Tests the plan decision: defaults from config, unknown computed values, no-op, update, replace, write-only, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN, Unknown } from '../protocol/value.ts';
import { planChange } from './plan-change.ts';
import { attribute } from './schema/attribute.ts';

const attributes = {
  id: attribute.string({ description: 'id', computed: true, useStateForUnknown: true }),
  name: attribute.string({ description: 'name', required: true, requiresReplace: true }),
  domain: attribute.string({ description: 'domain', default: '' }),
  fqdn: attribute.string({ description: 'fqdn', optional: true, computed: true }),
  note: attribute.string({ description: 'note', optional: true }),
  password_wo: attribute.string({ description: 'secret', optional: true, writeOnly: true }),
  limits: attribute.singleNested({
    max: attribute.number({ description: 'max', default: 100 }),
    used: attribute.number({ description: 'used', computed: true }),
  }, { description: 'limits', optional: true }),
};
const config = (over: Record<string, unknown> = {}) => ({ id: null, name: 'a', domain: null, fqdn: null, note: null, password_wo: 's3cret', limits: null, ...over }) as any;
const prior = { id: 'acc-1', name: 'a', domain: '', fqdn: 'mx.example', note: null, password_wo: null, limits: null };

test('create: defaults appear in the plan, computed values are unknown, write-only is null', () => {
  const change = planChange(attributes, null, config(), config());
  assert.equal(change.action, 'create');
  const planned = change.planned as any;
  assert.equal(planned.domain, '');
  assert.ok(planned.id instanceof Unknown);
  assert.ok(planned.fqdn instanceof Unknown);
  assert.equal(planned.password_wo, null);
  assert.equal(planned.note, null);
});

test('defaults come from the config, not from the proposed state', () => {
  const change = planChange(attributes, prior, config(), { ...prior, domain: 'CORP' } as any);
  assert.equal(change.action, 'no-op');
  assert.equal((change.planned as any).domain, '');
});

test('no change: the plan is exactly the prior state, whatever the write-only value', () => {
  const change = planChange(attributes, prior, config({ password_wo: 'other' }), prior);
  assert.equal(change.action, 'no-op');
  assert.deepEqual(change.planned, prior);
});

test('update: ids stay, other computed values without config become unknown', () => {
  const change = planChange(attributes, prior, config({ note: 'hello' }), prior);
  assert.equal(change.action, 'update');
  const planned = change.planned as any;
  assert.equal(planned.id, 'acc-1');
  assert.ok(planned.fqdn instanceof Unknown);
  assert.equal(planned.note, 'hello');
  assert.deepEqual(change.requiresReplace, []);
});

test('a changed requiresReplace attribute is reported, also when the new value is unknown', () => {
  assert.deepEqual(planChange(attributes, prior, config({ name: 'b' }), prior).requiresReplace, [[{ attribute: 'name' }]]);
  assert.deepEqual(planChange(attributes, prior, config({ name: UNKNOWN }), prior).requiresReplace, [[{ attribute: 'name' }]]);
});

test('nested objects get their defaults and unknown computed values', () => {
  const planned = planChange(attributes, null, config({ limits: { max: null, used: null } }), config()).planned as any;
  assert.equal(planned.limits.max, 100);
  assert.ok(planned.limits.used instanceof Unknown);
});

test('a null proposed state plans the deletion', () => {
  assert.deepEqual(planChange(attributes, prior, null, null), { action: 'delete', planned: null, requiresReplace: [] });
});

test('set elements keep the computed values of the prior element with the same configuration, in any order', () => {
  const rules = {
    id: attribute.string({ description: 'id', computed: true, useStateForUnknown: true }),
    rules: attribute.setNested({
      cidr: attribute.string({ description: 'cidr', required: true }),
      rule_id: attribute.string({ description: 'server id', computed: true }),
    }, { description: 'rules', optional: true }),
  };
  const priorState = { id: 'x', rules: [{ cidr: '10.0.0.0/8', rule_id: 'r1' }, { cidr: '192.0.2.0/24', rule_id: 'r2' }] };
  const same = planChange(rules, priorState, { id: null, rules: [{ cidr: '192.0.2.0/24', rule_id: null }, { cidr: '10.0.0.0/8', rule_id: null }] }, priorState);
  assert.equal(same.action, 'no-op');
  const added = planChange(rules, priorState, { id: null, rules: [{ cidr: '192.0.2.0/24', rule_id: null }, { cidr: '198.51.100.0/24', rule_id: null }] }, priorState);
  const planned = (added.planned as any).rules;
  assert.equal(added.action, 'update');
  assert.equal(planned[0].rule_id, 'r2');
  assert.ok(planned[1].rule_id instanceof Unknown);
});
