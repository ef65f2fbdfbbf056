// Tests of the Terraform form of model values: an object holding write-only members is null where the configuration omitted it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from './apply-defaults.ts';
import { virtualServerSchema } from './schemas/virtual-server-schema.ts';
import { holdsWriteOnly, terraformDefault, terraformValue } from './terraform-form.ts';

const delivery = virtualServerSchema.properties!.delivery;
const security = delivery.properties!.outbound_security;
const withDefaults = (document: Record<string, unknown>) => applyDefaults(delivery, document);

test('objects holding write-only members have no plan-time default; the others keep theirs', () => {
  assert.deepEqual([holdsWriteOnly(delivery), holdsWriteOnly(security), holdsWriteOnly(virtualServerSchema.properties!.limits)], [true, true, false]);
  assert.equal(terraformDefault(delivery), undefined);
  assert.equal(terraformDefault(security), undefined);
  assert.deepEqual(terraformDefault(virtualServerSchema.properties!.limits), terraformValue(virtualServerSchema.properties!.limits, applyDefaults(virtualServerSchema.properties!.limits, {})));
});

test('read into null (omitted), an object at its defaults stays null; anything else, or read into an object, is shown', () => {
  assert.equal(terraformValue(delivery, withDefaults({}), null), null);
  const smartHost = terraformValue(delivery, withDefaults({ smart_host: 'smart.example' }), null) as Record<string, unknown>;
  assert.equal(smartHost.smart_host, 'smart.example');
  assert.equal(smartHost.outbound_security, null, 'the nested object at its defaults stays omitted too');
  const written = terraformValue(delivery, withDefaults({}), { outbound_security: {} }) as Record<string, any>;
  assert.equal(written.outbound_security.authentication, 'anonymous', 'written in the configuration: shown');
  const shown = terraformValue(delivery, withDefaults({})) as Record<string, any>;
  assert.equal(shown.outbound_security.authentication, 'anonymous', 'without a written form (a data source): everything shown');
  const changed = terraformValue(delivery, withDefaults({ outbound_security: { authentication: 'basic', username: 'u', password_wo_version: 1 } }), null) as Record<string, any>;
  assert.deepEqual([changed.outbound_security.authentication, changed.outbound_security.password_wo, changed.outbound_security.password_wo_version], ['basic', null, 1]);
});
