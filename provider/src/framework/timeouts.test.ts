// The timeouts attribute: Go-style durations accepted and converted, anything else refused with the attribute named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationMs, timeoutMs, timeoutsAttribute } from './timeouts.ts';

test('durations as Terraform users write them become milliseconds; an unset member takes the default', () => {
  assert.equal(durationMs('30s'), 30_000);
  assert.equal(durationMs('1m30s'), 90_000);
  assert.equal(durationMs('1.5h'), 5_400_000);
  assert.equal(durationMs('250ms'), 250);
  assert.equal(timeoutMs({ create: '5s', update: null }, 'create', '30s'), 5000);
  assert.equal(timeoutMs({ create: '5s', update: null }, 'update', '30s'), 30_000);
  assert.equal(timeoutMs(null, 'create', '2m'), 120_000);
});

test('a value that is not a duration is an error on that member', () => {
  const create = timeoutsAttribute({ create: '30s' }).nested!.attributes.create;
  const path = [{ attribute: 'timeouts' }, { attribute: 'create' }];
  const verdict = (value: string) => create.validators!.flatMap((v) => v.validate(value, { path, parent: {} }));
  assert.deepEqual(verdict('45s'), []);
  const [refused] = verdict('45 seconds');
  assert.equal(refused.severity, 'error');
  assert.match(refused.detail ?? '', /timeouts\.create value must be a duration/);
});
