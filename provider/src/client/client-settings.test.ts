// Tests provider settings: block over environment over defaults, and diagnostics naming the provider attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { resolveClientSettings, type ProviderConfig } from './client-settings.ts';

const none: ProviderConfig = { endpoint: null, token: null, username: null, password: null, ca_cert_pem: null };

test('the provider block wins over the environment, which wins over the default endpoint', () => {
  assert.equal(resolveClientSettings({ ...none, token: 't' }, {}).endpoint, 'http://127.0.0.1:8025/');
  assert.equal(resolveClientSettings(none, { SMTP_RELAY_ENDPOINT: 'http://127.0.0.2:9000', SMTP_RELAY_TOKEN: 'env' }).endpoint, 'http://127.0.0.2:9000/');
  const settings = resolveClientSettings({ ...none, endpoint: 'http://127.0.0.3:1', token: 'block' }, { SMTP_RELAY_ENDPOINT: 'http://x', SMTP_RELAY_TOKEN: 'env' });
  assert.equal(settings.endpoint, 'http://127.0.0.3:1/');
  assert.equal(settings.authorization, 'Bearer block');
});

test('username and password make a Basic header', () => {
  const settings = resolveClientSettings({ ...none, username: 'CORP\\alice', password: 'pw' }, {});
  assert.equal(settings.authorization, `Basic ${Buffer.from('CORP\\alice:pw').toString('base64')}`);
});

test('bad settings are diagnostics on the provider attribute', () => {
  const attributes = (config: Partial<ProviderConfig>) => {
    try {
      resolveClientSettings({ ...none, ...config }, {});
      return [];
    } catch (error) {
      assert.ok(error instanceof DiagnosticsError);
      return error.diagnostics.map((d) => d.attribute?.[0]);
    }
  };
  assert.deepEqual(attributes({ endpoint: 'ftp://x', token: 't' }), [{ attribute: 'endpoint' }]);
  assert.deepEqual(attributes({}), [{ attribute: 'token' }]);
  assert.deepEqual(attributes({ username: 'a' }), [{ attribute: 'password' }]);
  assert.deepEqual(attributes({ token: 't', username: 'a', password: 'b' }), [{ attribute: 'token' }]);
  assert.deepEqual(attributes({ token: 't', ca_cert_pem: '-----BEGIN CERTIFICATE-----' }), [{ attribute: 'ca_cert_pem' }]);
});
