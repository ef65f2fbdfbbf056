// Tests of the shared outbound_security helpers: when the write-only password is sent, the plan-time rules and warning, the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { path } from '../protocol/attribute-path.ts';
import type { TfValue } from '../protocol/value.ts';
import {
  OUTBOUND_SECURITY_DEFAULTS, outboundSecurityBody, outboundSecurityRules, unverifiedCredentialsWarning, type OutboundSecurity,
} from './outbound-security-attributes.ts';
import { smtpVirtualServer } from './smtp-virtual-server.ts';

const at = path('delivery', 'outbound_security');
const basic = (version: number | null, password: string | null): OutboundSecurity =>
  ({ ...OUTBOUND_SECURITY_DEFAULTS, authentication: 'basic', username: 'relay', password_wo: password, password_wo_version: version, tls: true });
const deliveryRules = outboundSecurityRules(virtualServerSchema.properties!.delivery);
/** What plan says about a delivery block with this outbound security (and smart host): the rules, then the warning. */
const rules = {
  validate: (security: OutboundSecurity, smartHost: string | null = null) => [
    ...deliveryRules.validate({ smart_host: smartHost, outbound_security: security as unknown as TfValue }, path('delivery')),
    ...unverifiedCredentialsWarning.validate(security as unknown as Record<string, TfValue>, at),
  ],
};
const outboundSecurity = smtpVirtualServer.schema.attributes.delivery.nested!.attributes.outbound_security;

test('the password is sent on create and when the version changes, and omitted otherwise', () => {
  assert.equal(outboundSecurityBody(basic(1, 'pw-1'), null).password_wo, 'pw-1');
  assert.equal(outboundSecurityBody(basic(2, 'pw-2'), basic(1, null)).password_wo, 'pw-2');
  const unchanged = outboundSecurityBody(basic(1, 'pw-1'), basic(1, null));
  assert.equal('password_wo' in unchanged, false, 'the API keeps the stored secret');
  const { password_wo: _p, client_secret_wo: _c, ...expected } = { ...basic(1, null), tls_fingerprints_sha256: [] as string[] };
  assert.deepEqual(unchanged, expected);
});

test('an omitted block sends the API\'s defaults and no secret', () => {
  const { password_wo: _p, client_secret_wo: _c, ...defaults } = { ...OUTBOUND_SECURITY_DEFAULTS, tls_fingerprints_sha256: [] as string[] };
  assert.deepEqual(outboundSecurityBody(null, basic(1, null)), defaults);
  assert.deepEqual(outboundSecurityBody(null, null), defaults);
});

test('the username rule: basic or integrated authentication without a username is named at plan time', () => {
  assert.deepEqual(rules.validate({ ...basic(null, null), tls_policy: 'verify' }), []);
  assert.deepEqual(rules.validate({ ...OUTBOUND_SECURITY_DEFAULTS }), []);
  const [problem] = rules.validate({ ...basic(null, null), tls_policy: 'verify', authentication: 'integrated', username: null });
  assert.deepEqual(problem.attribute, path('delivery', 'outbound_security', 'username'));
  assert.match(problem.detail!, /Attribute delivery\.outbound_security\.username is required when authentication is integrated/);
});

test('outbound_security holds write-only members, so it is neither defaulted nor computed', () => {
  assert.equal(outboundSecurity.default, undefined, 'it holds write-only members, so it is not computed: omitted is null');
  assert.equal(outboundSecurity.computed, undefined);
});

test('the OAuth2 client secret is sent like the password: on create and when its version changes', () => {
  const oauth = (version: number, secret: string | null): OutboundSecurity => ({
    ...OUTBOUND_SECURITY_DEFAULTS, authentication: 'oauth2', username: 'relay@corp.test', token_url: 'https://login.test/token', client_id: 'app', scope: 's',
    client_secret_wo: secret, client_secret_wo_version: version,
  });
  assert.equal(outboundSecurityBody(oauth(1, 'cs-1'), null).client_secret_wo, 'cs-1');
  assert.equal('client_secret_wo' in outboundSecurityBody(oauth(1, 'cs-1'), oauth(1, null)), false);
});

test('TLS rules at plan time: none cannot carry credentials, tls conflicts with a weaker policy, CA and pins need verify, a bad PEM is named', () => {
  const messages = (patch: Partial<OutboundSecurity>, smartHost: string | null = null) =>
    rules.validate({ ...OUTBOUND_SECURITY_DEFAULTS, ...patch }, smartHost).map((d) => `${d.severity} ${d.detail}`);
  const os = 'Attribute delivery\\.outbound_security\\.';
  assert.deepEqual(messages({}), []);
  assert.deepEqual(messages({ ...basic(1, null), tls: false }), [], 'credentials with the automatic policy verify: nothing to say');
  assert.match(messages({ ...basic(1, null), tls: false, tls_policy: 'none' }).join(), new RegExp(`^error ${os}tls_policy "none" cannot carry basic authentication`));
  assert.match(messages({ tls: true, tls_policy: 'opportunistic' }).join(), new RegExp(`^error ${os}tls true conflicts with tls_policy "opportunistic"`));
  assert.match(messages({ tls_ca_pem: 'x' }).join(), new RegExp(`^error ${os}tls_ca_pem is only used with tls_policy "verify" or "mta_sts" \\(this route's policy is "opportunistic"\\)`));
  assert.deepEqual(messages({ tls_policy: 'mta_sts', tls_ca_pem: 'x' }), [], 'mta_sts trusts tls_ca_pem for the policy host and the MX hosts');
  assert.deepEqual(messages({ tls_policy: 'dane' }), []);
  assert.match(messages({ ...basic(1, null), tls: false, tls_policy: 'mta_sts' }).join(), new RegExp(`^error ${os}tls_policy "mta_sts" authenticates the MX hosts of direct delivery, which takes no credentials`));
  assert.match(messages({ tls_policy: 'mta_sts' }, 'smtp.isp.example').join(), new RegExp(`^error ${os}tls_policy "mta_sts" applies the recipient domain's policy to its MX hosts, and this route goes to the smart host smtp\\.isp\\.example`),
    'the rule sees the smart host beside outbound_security');
  assert.match(messages({ tls: true, tls_policy: 'dane' }).join(), new RegExp(`^error ${os}tls true conflicts with tls_policy "dane"`));
  assert.match(messages({ tls_fingerprints_sha256: ['AA'], tls: true }).join(), /only used with tls_policy "verify" \(this route's policy is "encrypt"\)/);
  const [warning] = rules.validate({ ...basic(1, null), tls_policy: 'encrypt' });
  assert.deepEqual([warning.severity, warning.summary, warning.attribute], ['warning', 'Credentials to an unverified next hop', path('delivery', 'outbound_security', 'tls_policy')]);
  assert.match(warning.detail!, /receive the basic credentials/);
  const oauthMissing = messages({ authentication: 'oauth2', username: 'u' });
  assert.equal(oauthMissing.length, 3, 'token_url, client_id and scope are required');
  const pem = outboundSecurity.nested!.attributes.tls_ca_pem.validators![0];
  const [bad] = pem.validate('-----BEGIN CERTIFICATE-----\nnot base64 DER\n-----END CERTIFICATE-----', { path: [...at, { attribute: 'tls_ca_pem' }], parent: {} });
  assert.deepEqual(bad.attribute, path('delivery', 'outbound_security', 'tls_ca_pem'));
  assert.match(bad.detail!, /must be one or more PEM certificates/);
});
