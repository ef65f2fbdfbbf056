// Tests for the smtp_outbound_tls_total result of sessions under an MTA-STS policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mtaStsSessionResult } from './mta-sts-metrics.ts';

const enforce = { mode: 'enforce', mxMatch: true } as const;
const testing = { mode: 'testing', mxMatch: true } as const;

test('enforce sessions keep the result they ran with under verify', () => {
  assert.equal(mtaStsSessionResult(enforce, 'verified', { secure: true, authorizationError: null }), 'verified');
  assert.equal(mtaStsSessionResult(enforce, 'certificate_invalid', { error: new Error('x') }), 'certificate_invalid');
});

test('testing sessions say whether enforce would have accepted them', () => {
  assert.equal(mtaStsSessionResult(testing, 'encrypted', { secure: true, authorizationError: null }), 'testing_verified');
  assert.equal(mtaStsSessionResult(testing, 'encrypted', { secure: true, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'would_fail_certificate_invalid');
  assert.equal(mtaStsSessionResult(testing, 'plaintext', { secure: false }), 'would_fail_plaintext');
  assert.equal(mtaStsSessionResult(testing, 'handshake_failed', { error: new Error('x') }), 'would_fail_handshake_failed');
  assert.equal(mtaStsSessionResult({ mode: 'testing', mxMatch: false }, 'encrypted', { secure: true, authorizationError: null }), 'would_fail_mx_mismatch');
  assert.equal(mtaStsSessionResult({ mode: 'testing', mxMatch: false }, 'connection_failed', { error: new Error('x') }), 'connection_failed', 'no TLS was tried');
});
