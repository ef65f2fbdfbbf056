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

test('extra CA certificates: from the launcher\'s hand-over, else (the self-contained executable) NODE_EXTRA_CA_CERTS itself', () => {
  const https = { ...none, endpoint: 'https://relay.test', token: 't' };
  const missing = '/nonexistent/extra-ca.pem';
  const named = (env: Record<string, string>) => assert.throws(() => resolveClientSettings(https, env),
    (error: DiagnosticsError) => error.diagnostics.some((d) => d.summary === 'Cannot read NODE_EXTRA_CA_CERTS' && d.detail?.includes(missing)));
  named({ NODE_EXTRA_CA_CERTS: missing });
  named({ SMTP_PROVIDER_EXTRA_CA_CERTS: missing, NODE_EXTRA_CA_CERTS: '' });
  // The launcher hands over an empty value when the variable was not set: nothing to read then.
  assert.equal(resolveClientSettings(https, { SMTP_PROVIDER_EXTRA_CA_CERTS: '' }).extraCaCertsPem, undefined);
  assert.equal(resolveClientSettings({ ...https, endpoint: 'http://relay.test' }, { NODE_EXTRA_CA_CERTS: missing }).extraCaCertsPem, undefined, 'plain HTTP reads no CA file');
});
