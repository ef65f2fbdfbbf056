// Tests of the derivation: modes, defaults, docs and validators of Terraform attributes come from the model's JSON Schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { path } from '../protocol/attribute-path.ts';
import { attributesOf, modelFormat } from './schema-attributes.ts';

const attributes = attributesOf(virtualServerSchema);
const errors = (name: string, value: unknown) => (attributes[name].validators ?? [])
  .flatMap((v) => v.validate(value as never, { path: path(name), parent: {} })).map((d) => d.detail);

test('modes: required, read-only, server-filled and defaulted members', () => {
  assert.deepEqual([attributes.name.required, attributes.id.computed && !attributes.id.optional, attributes.fqdn.optional && attributes.fqdn.computed], [true, true, true]);
  assert.equal(attributes.fqdn.useStateForUnknown, true, 'what the server filled in is kept');
  assert.equal(attributes.enabled.default, true);
  assert.equal(attributes.delivery.nested!.attributes.outbound_security.nested!.attributes.password_wo.writeOnly, true);
});

test('descriptions fill in defaults and bounds from the schema', () => {
  assert.equal(attributes.port.description, 'The TCP port the listener binds to (1-65535). `bind_address` + `port` must be unique across virtual servers.');
  assert.match(attributes.delivery.nested!.attributes.retry_intervals_minutes.description, /1 to 10 numbers > 0 .* Defaults to `\[15, 30, 60, 240\]`\.$/);
  assert.match(attributes.bind_address.description, /Defaults to `"127\.0\.0\.1"`\.$/);
});

test('validators follow the keywords: format, bounds, null shown as a number', () => {
  assert.deepEqual(errors('drop_directory', '/var/spool/drop'), []);
  assert.match(errors('drop_directory', 'relative/../dir')[0]!, /Attribute drop_directory value must be an absolute path without "\.\." segments/);
  assert.match(errors('port', 0)[0]!, /whole number between 1 and 65535, got: 0/);
  const delay = attributes.delivery.nested!.attributes.delay_notification_hours;
  const delayErrors = (value: number) => delay.validators!.flatMap((v) => v.validate(value, { path: path('delay'), parent: {} }));
  assert.deepEqual(delayErrors(0), [], '0 is the API\'s null: never');
  assert.match(delayErrors(-1)[0].detail!, /greater than 0, got: -1 \(or 0 for never\)/);
});

test('a model format checks with the model\'s predicate and names the attribute', () => {
  const [problem] = modelFormat('mail-domain').validate('bad_domain!', { path: path('client_hostname'), parent: {} });
  assert.deepEqual(problem.attribute, path('client_hostname'));
  assert.match(problem.detail!, /Attribute client_hostname value must be a domain name such as example\.com or münchen\.de, got: "bad_domain!"/);
  assert.deepEqual(modelFormat('mail-domain').validate('münchen.de', { path: path('x'), parent: {} }), []);
  assert.throws(() => modelFormat('no-such-format'), /unknown format/);
});
