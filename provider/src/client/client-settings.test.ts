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
  assert.deepEqual(settings.credentials, { token: 'block' });
});

test('a configured credential wins over the environment, which only fills what the block leaves null', () => {
  const basic = (username: string, password: string) => ({ username, password });
  const env = { SMTP_RELAY_TOKEN: 'env-token', SMTP_RELAY_USERNAME: 'env-user', SMTP_RELAY_PASSWORD: 'env-pw' };
  assert.deepEqual(resolveClientSettings({ ...none, username: 'op', password: 'pw' }, env).credentials, basic('op', 'pw'), 'block username+password beat an exported token');
  assert.deepEqual(resolveClientSettings({ ...none, username: 'op' }, env).credentials, basic('op', 'env-pw'), 'the environment completes the kind the block chose');
  assert.deepEqual(resolveClientSettings({ ...none, token: 'block' }, env).credentials, { token: 'block' }, 'a block token beats exported username/password');
  assert.deepEqual(resolveClientSettings(none, env).credentials, { token: 'env-token' }, 'with nothing in the block an exported token is used');
  assert.deepEqual(resolveClientSettings(none, { SMTP_RELAY_USERNAME: 'u', SMTP_RELAY_PASSWORD: 'p' }).credentials, basic('u', 'p'));
});

test('username and password are kept as given (a domain backslash included)', () => {
  assert.deepEqual(resolveClientSettings({ ...none, username: 'CORP\\alice', password: 'pw' }, {}).credentials, { username: 'CORP\\alice', password: 'pw' });
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
