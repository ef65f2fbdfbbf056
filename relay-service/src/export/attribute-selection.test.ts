// An export writes what Terraform would not plan by itself: required members, changed defaults, nested members, references and secrets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { exportedAttributes } from './attribute-selection.ts';
import { HclExpression } from './hcl-syntax.ts';

const server = (patch: Record<string, unknown>) => applyDefaults(virtualServerSchema, { id: 'vs1', name: 'edge', port: 2525, fqdn: 'mx.test', drop_directory: '/d', ...patch });

test('a virtual server with the defaults exports its required and server-filled members only', () => {
  const written = exportedAttributes(virtualServerSchema, server({}), { ref: (id) => id });
  assert.deepEqual(written.map((a) => a.name), ['name', 'port', 'fqdn', 'drop_directory']);
});

test('nested members that differ, the null delay notice as 0, references and secrets', () => {
  const password = new HclExpression('var.p');
  const written = exportedAttributes(virtualServerSchema, server({
    tls: { certificate_id: 'c1' },
    delivery: { smart_host: 'isp', delay_notification_hours: null, outbound_security: { authentication: 'basic', username: 'u', tls_fingerprints_sha256: [] } },
  }), { ref: (id) => new HclExpression(`smtp_certificate.${id}.id`), expressions: { 'delivery.outbound_security.password_wo': password } });
  const byName = Object.fromEntries(written.map((a) => [a.name, a.value]));
  assert.deepEqual(byName.tls, { certificate_id: new HclExpression('smtp_certificate.c1.id') });
  assert.deepEqual(byName.delivery, { smart_host: 'isp', outbound_security: { authentication: 'basic', username: 'u', password_wo: password }, delay_notification_hours: 0 });
});

test('a member given as an expression (a file) is written as that expression, even when it equals the default', () => {
  const file = new HclExpression('file("/etc/postfix/smtpd.pem")');
  const written = exportedAttributes(virtualServerSchema, server({}), { ref: (id) => id, expressions: { drop_directory: file, 'limits.max_connections': file } });
  const byName = Object.fromEntries(written.map((a) => [a.name, a.value]));
  assert.equal(byName.drop_directory, file);
  assert.deepEqual(byName.limits, { max_connections: file });
});
