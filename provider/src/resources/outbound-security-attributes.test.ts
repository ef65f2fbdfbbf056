// Tests of the shared outbound_security helpers: when the write-only password is sent, the username rule, the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { path } from '../protocol/attribute-path.ts';
import { OUTBOUND_SECURITY_DEFAULTS, outboundSecurityAttribute, outboundSecurityBody, outboundSecurityFrom, type OutboundSecurity } from './outbound-security-attributes.ts';

const at = path('delivery', 'outbound_security');
const basic = (version: number | null, password: string | null): OutboundSecurity =>
  ({ authentication: 'basic', username: 'relay', password_wo: password, password_wo_version: version, tls: true });

test('the password is sent on create and when the version changes, and omitted otherwise', () => {
  assert.equal(outboundSecurityBody(basic(1, 'pw-1'), null, at).password_wo, 'pw-1');
  assert.equal(outboundSecurityBody(basic(2, 'pw-2'), basic(1, null), at).password_wo, 'pw-2');
  const unchanged = outboundSecurityBody(basic(1, 'pw-1'), basic(1, null), at);
  assert.equal('password_wo' in unchanged, false, 'the API keeps the stored secret');
  assert.deepEqual(unchanged, { authentication: 'basic', username: 'relay', password_wo_version: 1, tls: true });
});

test('a new version without a password is an error naming the nested password_wo', () => {
  assert.throws(() => outboundSecurityBody(basic(2, null), basic(1, null), at), (error: unknown) => {
    assert.ok(error instanceof DiagnosticsError);
    assert.deepEqual(error.diagnostics[0].attribute, path('delivery', 'outbound_security', 'password_wo'));
    assert.match(error.diagnostics[0].detail!, /delivery\.outbound_security\.password_wo must be set when password_wo_version changes/);
    return true;
  });
  assert.doesNotThrow(() => outboundSecurityBody({ ...OUTBOUND_SECURITY_DEFAULTS }, basic(1, null), at), 'dropping the version to null is fine');
});

test('the username rule: basic or integrated authentication without a username is named at plan time', () => {
  const [validator] = outboundSecurityAttribute('the smart host').nested!.validators!;
  assert.deepEqual(validator.validate({ ...basic(null, null) }, at), []);
  assert.deepEqual(validator.validate({ ...OUTBOUND_SECURITY_DEFAULTS }, at), []);
  const [problem] = validator.validate({ ...basic(null, null), authentication: 'integrated', username: null }, at);
  assert.deepEqual(problem.attribute, path('delivery', 'outbound_security', 'username'));
  assert.match(problem.detail!, /required when authentication is "integrated"/);
});

test('API objects become state with the password blanked and missing members at their defaults', () => {
  assert.deepEqual(outboundSecurityFrom(undefined), OUTBOUND_SECURITY_DEFAULTS);
  assert.deepEqual(outboundSecurityFrom({ ...basic(4, 'leaked?') }), basic(4, null));
  assert.deepEqual(outboundSecurityAttribute('x').default, { ...OUTBOUND_SECURITY_DEFAULTS });
});
