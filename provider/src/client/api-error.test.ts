// Tests that API errors become diagnostics: JSON paths to attribute paths, guidance per status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, jsonPathToAttributePath } from './api-error.ts';

test('JSON paths map to attribute paths with indexes and quoted keys', () => {
  assert.deepEqual(jsonPathToAttributePath('$.delivery.retry_intervals_minutes[2]'),
    [{ attribute: 'delivery' }, { attribute: 'retry_intervals_minutes' }, { index: 2 }]);
  assert.deepEqual(jsonPathToAttributePath('$.tags["a.b"]'), [{ attribute: 'tags' }, { key: 'a.b' }]);
  assert.deepEqual(jsonPathToAttributePath('$'), []);
  assert.equal(jsonPathToAttributePath('delivery'), null);
  assert.equal(jsonPathToAttributePath('$..x'), null);
});

test('422 details become one diagnostic each, pointing at the attribute', () => {
  const error = new ApiError(422, { code: 'validation_failed', message: 'The request body is not valid.', details: [
    { path: '$.name', message: 'must match pattern' },
    { path: '$.limits.max_connections', message: 'must be <= 10000' },
  ] }, 'creating smtp_account');
  assert.deepEqual(error.diagnostics.map((d) => d.attribute), [[{ attribute: 'name' }], [{ attribute: 'limits' }, { attribute: 'max_connections' }]]);
  assert.equal(error.diagnostics[1].detail, 'must be <= 10000');
});

test('412 tells the user the object changed outside this run and what to do', () => {
  const [d] = new ApiError(412, { code: 'precondition_failed', message: 'The object changed since it was read.', details: [] }, 'updating smtp_account x').diagnostics;
  assert.equal(d.summary, 'Object changed outside Terraform');
  assert.match(d.detail!, /changed by someone else/);
  assert.match(d.detail!, /terraform plan/);
  assert.match(d.detail!, /HTTP 412, precondition_failed/);
});

test('a connection failure names the endpoint setting', () => {
  const [d] = new ApiError(0, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', details: [] }, 'reading smtp_account x').diagnostics;
  assert.equal(d.summary, 'Cannot reach the relay API');
  assert.match(d.detail!, /SMTP_RELAY_ENDPOINT/);
});
