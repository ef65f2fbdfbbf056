// Tests of computedAttributes: a resource schema turned read-only keeps names, types and docs and drops write-only secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Types } from '../protocol/tf-type.ts';
import { smtpVirtualServer } from '../resources/smtp-virtual-server.ts';
import { computedAttributes } from './computed-attributes.ts';

test('every attribute becomes computed-only without defaults or validators, nested ones too', () => {
  const copy = computedAttributes(smtpVirtualServer.schema.attributes);
  assert.deepEqual(Object.keys(copy), Object.keys(smtpVirtualServer.schema.attributes));
  const port = copy.port;
  assert.deepEqual(port, { type: Types.number, description: smtpVirtualServer.schema.attributes.port.description, computed: true });
  const limits = copy.limits;
  assert.equal(limits.computed, true);
  assert.equal(limits.default, undefined);
  assert.equal(limits.nested!.attributes.max_connections.computed, true);
  assert.equal(limits.nested!.attributes.max_connections.validators, undefined);
});

test('write-only attributes are left out, and the nested object type follows', () => {
  const security = computedAttributes(smtpVirtualServer.schema.attributes).delivery.nested!.attributes.outbound_security;
  assert.deepEqual(Object.keys(security.nested!.attributes).sort(), [
    'authentication', 'client_id', 'client_secret_wo_version', 'password_wo_version', 'scope', 'tls', 'tls_ca_pem', 'tls_fingerprints_sha256', 'tls_policy', 'token_url', 'username',
  ]);
  assert.equal(security.type.kind, 'object');
  assert.equal('password_wo' in (security.type as { attributes: object }).attributes, false);
  assert.equal('client_secret_wo' in (security.type as { attributes: object }).attributes, false);
});

test('descriptions keep everything but the resource\'s "Defaults to" sentence', () => {
  const copy = computedAttributes(smtpVirtualServer.schema.attributes);
  assert.match(smtpVirtualServer.schema.attributes.bind_address.description, /Defaults to `"127\.0\.0\.1"`\./);
  assert.equal(copy.bind_address.description, 'The IP address the listener binds to.');
  const delivery = copy.delivery.nested!.attributes;
  assert.equal(delivery.retry_intervals_minutes.description,
    'Minutes between delivery attempts, 1 to 10 numbers > 0 (fractions allowed: 0.05 = 3 s); the last one repeats.');
  assert.match(delivery.delay_notification_hours.description, /fractions allowed\)\. Set `0` for no delay notifications/, 'the sentence after it stays');
  const all = JSON.stringify(copy);
  assert.doesNotMatch(all, /Defaults to/);
});
