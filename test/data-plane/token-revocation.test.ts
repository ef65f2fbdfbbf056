// Token revocation (DELETE /v1/tokens/{id}) against a relay whose SMTP listeners run in worker processes: a revoked token
// stops working at once for the API and for SMTP AUTH XOAUTH2; only the admin and the token's account may revoke it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { apiClient } from '../support/api-client.ts';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { waitForListener } from './wait-for-listener.ts';

let port: number;
let aliceId: string;
let bobId: string;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

// One worker: SMTP AUTH is answered by another process than the API that revokes.
const fx = operatedRelay({ mode: 'child-process', workers: 1 }, async ({ operator }) => {
  aliceId = await operator.createAccount('alice', 'CORP', 'alice-Secret-1');
  bobId = await operator.createAccount('bob', 'CORP', 'bob-Secret-1');
  port = await freePort();
  await operator.createServer({ name: `tokens-${port}`, port, authentication: { anonymous: false, basic: false, integrated: true } });
  await waitForListener(port, '127.0.0.1', 20_000);
});

/** XOAUTH2 login and one message; `localAddress` keeps failed logins from locking out the other tests' client IP. */
const sendWithToken = (user: string, token: string, localAddress = '127.0.0.1') => nodemailer
  .createTransport({ host: '127.0.0.1', port, localAddress, ignoreTLS: true, auth: { type: 'OAuth2', user, accessToken: token } } as any)
  .sendMail({ from: `${user}@corp.test`, to: 'someone@far.test', text: 'sent with an issued token' });

test('an account revokes its own token: 204, then the API answers 401 and XOAUTH2 535 at once; a second revocation is 404', async () => {
  const issued = await fx.relay.api('POST', '/v1/tokens', undefined, basic('CORP\\alice', 'alice-Secret-1'));
  assert.equal(issued.status, 201, issued.text);
  const { id, token } = issued.body;
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.notEqual(id, token);
  const asToken = apiClient(fx.relay.apiUrl, token);
  assert.equal((await asToken('GET', `/v1/accounts/${aliceId}`)).status, 200);
  assert.match((await sendWithToken('alice', token)).response, /^250 /);

  // The token revokes itself: the account it belongs to may.
  assert.equal((await asToken('DELETE', `/v1/tokens/${id}`)).status, 204);
  const refused = await asToken('GET', `/v1/accounts/${aliceId}`);
  assert.equal(refused.status, 401, refused.text);
  await assert.rejects(sendWithToken('alice', token, '127.0.9.11'), (err: any) => /^535 5\.7\.8/.test(err.response));
  const again = await fx.relay.api('DELETE', `/v1/tokens/${id}`);
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'not_found');
});

test("the admin revokes any account's token; another account gets 404 and the token keeps working; the admin token is not revocable here", async () => {
  const issued = await fx.relay.api('POST', '/v1/tokens', { account_id: aliceId, ttl_seconds: 300 });
  assert.equal(issued.status, 201, issued.text);
  const { id, token } = issued.body;
  assert.equal((await fx.relay.api('DELETE', `/v1/tokens/${id}`, undefined, basic('CORP\\bob', 'bob-Secret-1'))).status, 404);
  const bobToken = (await fx.relay.api('POST', '/v1/tokens', { account_id: bobId })).body.token;
  assert.equal((await apiClient(fx.relay.apiUrl, bobToken)('DELETE', `/v1/tokens/${id}`)).status, 404);
  assert.match((await sendWithToken('alice', token)).response, /^250 /, 'still valid after the refused revocations');

  assert.equal((await fx.relay.api('DELETE', `/v1/tokens/${id}`)).status, 204);
  await assert.rejects(sendWithToken('alice', token, '127.0.9.12'), (err: any) => /^535 5\.7\.8/.test(err.response));
  assert.equal((await apiClient(fx.relay.apiUrl, token)('GET', `/v1/accounts/${aliceId}`)).status, 401);
  assert.equal((await fx.relay.api('DELETE', `/v1/tokens/${'0'.repeat(64)}`)).status, 404);

  const adminId = createHash('sha256').update(fx.relay.token).digest('hex');
  assert.equal((await fx.relay.api('DELETE', `/v1/tokens/${adminId}`)).status, 404);
  assert.equal((await fx.relay.api('GET', '/v1/accounts')).status, 200, 'the admin token still works');
});

test('issuing and revoking are audited with the token id, never the token', async () => {
  const issued = (await fx.relay.api('POST', '/v1/tokens', { account_id: bobId })).body;
  assert.equal((await fx.relay.api('DELETE', `/v1/tokens/${issued.id}`)).status, 204);
  const audit = (await fx.relay.api('GET', `/v1/audit-log?object_id=${bobId}`)).body.items;
  const revoked = audit.find((e: any) => e.action === 'revoke_token' && e.before?.id === issued.id);
  assert.ok(revoked, JSON.stringify(audit));
  assert.deepEqual([revoked.actor, revoked.object_type, revoked.before.account_id, revoked.after], ['admin', 'token', bobId, null]);
  assert.ok(audit.some((e: any) => e.action === 'issue_token' && e.after?.id === issued.id));
  const everything = (await fx.relay.api('GET', '/v1/audit-log?limit=500')).text;
  assert.ok(!everything.includes(issued.token), 'the token value is not in the audit log');
});
