// examples/microsoft-365-oauth2 applied against a real relay (no network: nothing is delivered): it plans clean, the
// client secret never reaches the state, and the relay's outbound check says verified TLS with OAuth2 for the smart host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';
import { copyExamples } from './example-files.ts';

const CLIENT_SECRET = 'm365-Client-Secret-Example-7';

test('the Microsoft 365 OAuth2 example applies, plans clean, keeps the client secret out of state and routes verified', { skip: acceptance.enabled ? false : acceptance.skipReason }, async (t) => {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token, TF_VAR_client_secret: CLIENT_SECRET } });
  t.after(() => tf.dispose());
  copyExamples(tf.dir, ['microsoft-365-oauth2/main.tf'], [await freePort()]);
  const apply = await tf.ok('apply', '-auto-approve');
  assert.match(apply.stdout, /Apply complete! Resources: 2 added/);
  assert.doesNotMatch(apply.stdout + apply.stderr, /Warning/, 'verify with OAuth2 needs no warning');
  assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
  assert.ok(!tf.stateFile().includes(CLIENT_SECRET), 'the client secret is write-only');

  const server = (await relay.api('GET', '/v1/virtual-servers')).body.items.find((s: { name: string }) => s.name === 'apps-to-m365');
  assert.equal(JSON.stringify(server).includes(CLIENT_SECRET), false, 'the API never returns it');
  const audit = (await relay.api('GET', `/v1/audit-log?object_id=${server.id}&limit=1`)).body.items[0];
  assert.equal(audit.after.delivery.outbound_security.client_secret_wo, '[redacted]', 'the secret reached the relay, redacted in the audit log');
  const check = (await relay.api('GET', `/v1/virtual-servers/${server.id}/outbound-check?domain=contoso.example`)).body;
  assert.deepEqual([check.route, check.next_hop, check.tls_policy, check.certificate_verified, check.authentication],
    ['smart_host', 'smtp.office365.com:587', 'verify', true, 'oauth2']);
  const partner = (await relay.api('GET', `/v1/virtual-servers/${server.id}/outbound-check?domain=partner.example`)).body;
  assert.deepEqual([partner.tls_policy, partner.authentication], ['verify', 'anonymous']);
});
