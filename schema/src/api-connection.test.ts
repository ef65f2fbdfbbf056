// The one rule for an API client's endpoint and credentials: given values, then SMTP_RELAY_*, then the default; problems name the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ENDPOINT, resolveApiConnection, type ApiConnectionInput } from './api-connection.ts';

const none: ApiConnectionInput = { endpoint: null, token: null, username: null, password: null };

test('given values win over the environment, which wins over the default endpoint', () => {
  const env = { SMTP_RELAY_ENDPOINT: 'https://env.example:8025', SMTP_RELAY_TOKEN: 'env-token' };
  assert.equal(resolveApiConnection(none, {}).endpoint?.toString(), `${DEFAULT_ENDPOINT}/`);
  assert.equal(resolveApiConnection(none, env).endpoint?.toString(), 'https://env.example:8025/');
  assert.equal(resolveApiConnection({ ...none, endpoint: 'http://given:1' }, env).endpoint?.toString(), 'http://given:1/');
  assert.deepEqual(resolveApiConnection(none, env).credentials, { token: 'env-token' });
  assert.deepEqual(resolveApiConnection({ ...none, token: 'given' }, env).credentials, { token: 'given' });
  assert.deepEqual(resolveApiConnection({ ...none, username: 'u', password: 'p' }, env).credentials, { username: 'u', password: 'p' },
    'given username and password beat an exported token');
  assert.deepEqual(resolveApiConnection({ ...none, username: 'u' }, { SMTP_RELAY_PASSWORD: 'env-p' }).credentials, { username: 'u', password: 'env-p' });
});

test('every problem is reported with the input at fault, and no credentials are returned then', () => {
  const inputs = (given: Partial<ApiConnectionInput>, env: NodeJS.ProcessEnv = {}) => {
    const resolved = resolveApiConnection({ ...none, ...given }, env);
    if (resolved.problems.length > 0) assert.equal(resolved.credentials, null);
    return resolved.problems.map((p) => `${p.input}: ${p.summary}`);
  };
  assert.deepEqual(inputs({}), ['token: Missing credentials']);
  assert.deepEqual(inputs({ endpoint: 'ftp://x', token: 't' }), ['endpoint: Invalid endpoint']);
  assert.deepEqual(inputs({ token: 't', username: 'u' }), ['token: Conflicting credentials']);
  assert.deepEqual(inputs({ password: 'p' }), ['username: Incomplete credentials', 'token: Missing credentials']);
  assert.deepEqual(inputs({}, { SMTP_RELAY_USERNAME: 'u' }), ['password: Incomplete credentials']);
});
