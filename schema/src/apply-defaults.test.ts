// Defaults come from the schemas: absent members get them (nested too), present ones, null included, stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from './apply-defaults.ts';
import { jsonPath } from './json-path.ts';
import { virtualServerSchema } from './schemas/virtual-server-schema.ts';

test('fills nested defaults without touching given values or sharing default objects', () => {
  const a = applyDefaults(virtualServerSchema, { name: 'x', port: 25, delivery: { delay_notification_hours: null, outbound_security: { tls: true } } });
  const delivery = a.delivery as Record<string, any>;
  assert.equal(delivery.delay_notification_hours, null);
  assert.equal(delivery.expiration_hours, 48);
  assert.deepEqual(delivery.outbound_security, {
    authentication: 'anonymous', username: null, password_wo_version: null, tls_policy: null, tls_ca_pem: null, tls_fingerprints_sha256: [], tls: true,
    token_url: null, client_id: null, client_secret_wo_version: null, scope: null,
  });
  assert.equal(a.fqdn, undefined, 'server-filled fields have no schema default');
  const b = applyDefaults(virtualServerSchema, { name: 'y', port: 26 });
  (b.local_domains as string[]).push('mutated.example');
  assert.deepEqual(applyDefaults(virtualServerSchema, { name: 'z', port: 27 }).local_domains, []);
});

test('JSON paths use dots for names and brackets for indexes and odd keys', () => {
  assert.equal(jsonPath([]), '$');
  assert.equal(jsonPath(['delivery', 'retry_intervals_minutes', 2]), '$.delivery.retry_intervals_minutes[2]');
  assert.equal(jsonPath(['odd key']), '$["odd key"]');
});
