// Tests smtp_token through the provider server's ephemeral RPCs against a real relay: open issues a working token
// (admin for an account, and an account for itself), close revokes exactly it, a token already gone closes cleanly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient } from '../../../test/support/api-client.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import { createProviderServer } from '../framework/framework-server.ts';
import { schemaType } from '../framework/schema/object-schema.ts';
import { createLogger } from '../plugin/logger.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import type { ProviderServer } from '../protocol/provider-server.ts';
import { smtpProvider } from '../smtp-provider.ts';
import { smtpToken } from './smtp-token.ts';

let relay: TestRelay;
let aliceId: string;
const capabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
const type = schemaType(smtpToken.schema);
const tokenConfig = (account_id: string | null, ttl_seconds: number | null = null) => encodeDynamicValue({ account_id, ttl_seconds, token: null, expires_at: null }, type);

/** A configured provider server, as Terraform drives it, signed in with `credentials`. */
async function providerAs(credentials: { token: string | null; username: string | null; password: string | null }): Promise<ProviderServer> {
  const definition = smtpProvider({});
  const server = createProviderServer(definition, createLogger('off'));
  const config = encodeDynamicValue({ endpoint: relay.apiUrl, ca_cert_pem: null, ...credentials }, schemaType(definition.schema));
  assert.deepEqual((await server.configureProvider({ terraformVersion: '1.11.4', config, clientCapabilities: capabilities })).diagnostics, []);
  return server;
}

before(async () => {
  relay = await startTestRelay();
  aliceId = (await relay.api('POST', '/v1/accounts', { name: 'alice', domain: 'CORP', password_wo: 'alice-Secret-1' })).body.id;
});
after(() => relay.dispose());

test('the admin opens a token for an account: a working token, its expiry, the id (not the token) in private data; close revokes it', async () => {
  const server = await providerAs({ token: relay.token, username: null, password: null });
  const started = Date.now();
  const opened = await server.openEphemeralResource({ typeName: 'smtp_token', config: tokenConfig(aliceId, 600), clientCapabilities: capabilities });
  assert.deepEqual(opened.diagnostics, []);
  assert.equal(opened.renewAt, undefined, 'the relay cannot extend a token: no renew');
  const result = decodeDynamicValue(opened.result, type) as { account_id: string; ttl_seconds: number; token: string; expires_at: string };
  assert.deepEqual([result.account_id, result.ttl_seconds], [aliceId, 600]);
  const lifetime = Date.parse(result.expires_at) - started;
  assert.ok(lifetime > 590_000 && lifetime <= 601_000, `expires in about 600 s, not ${lifetime} ms`);
  const privateText = Buffer.from(opened.private).toString();
  assert.match(JSON.parse(privateText).id, /^[0-9a-f]{64}$/);
  assert.ok(!privateText.includes(result.token), 'the private data does not hold the token');

  const asToken = apiClient(relay.apiUrl, result.token);
  assert.equal((await asToken('GET', `/v1/accounts/${aliceId}`)).status, 200);
  assert.deepEqual((await server.closeEphemeralResource({ typeName: 'smtp_token', private: opened.private })).diagnostics, []);
  assert.equal((await asToken('GET', `/v1/accounts/${aliceId}`)).status, 401);
  // Closing again (the token is gone, as after an account's deletion) is no error.
  assert.deepEqual((await server.closeEphemeralResource({ typeName: 'smtp_token', private: opened.private })).diagnostics, []);
});

test('an account signed in with username/password opens a token for itself (account_id unset) and the default ttl applies', async () => {
  const server = await providerAs({ token: null, username: 'CORP\\alice', password: 'alice-Secret-1' });
  const opened = await server.openEphemeralResource({ typeName: 'smtp_token', config: tokenConfig(null), clientCapabilities: capabilities });
  assert.deepEqual(opened.diagnostics, []);
  const result = decodeDynamicValue(opened.result, type) as { account_id: string; ttl_seconds: number; token: string };
  assert.deepEqual([result.account_id, result.ttl_seconds], [aliceId, 86_400]);
  const other = await server.openEphemeralResource({ typeName: 'smtp_token', config: tokenConfig(aliceId), clientCapabilities: capabilities });
  const second = (decodeDynamicValue(other.result, type) as { token: string }).token;
  assert.notEqual(second, result.token, 'each open is a token of its own');

  await server.closeEphemeralResource({ typeName: 'smtp_token', private: opened.private });
  assert.equal((await apiClient(relay.apiUrl, result.token)('GET', `/v1/accounts/${aliceId}`)).status, 401, 'the closed one is revoked');
  assert.equal((await apiClient(relay.apiUrl, second)('GET', `/v1/accounts/${aliceId}`)).status, 200, 'the other one still works');
  await server.closeEphemeralResource({ typeName: 'smtp_token', private: other.private });
});

test('open failures are diagnostics on the attribute: an account that does not exist', async () => {
  const server = await providerAs({ token: relay.token, username: null, password: null });
  const missing = await server.openEphemeralResource({ typeName: 'smtp_token', config: tokenConfig('no-such-account'), clientCapabilities: capabilities });
  assert.equal(missing.result, undefined);
  assert.deepEqual(missing.diagnostics.map((d) => [d.summary, d.attribute]), [['Invalid attribute value', [{ attribute: 'account_id' }]]]);
  assert.match(missing.diagnostics[0].detail ?? '', /refers to account no-such-account, which does not exist/);
});
