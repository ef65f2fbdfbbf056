// TLSA matching against real certificates from the test CA: usable records, DANE-EE, DANE-TA chains, names and expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createTestCa, selfSignedCertificate } from '../../../test/support/test-ca.ts';
import { matchTlsa, recordMatches, usableForSmtp, type TlsaRecord } from './tlsa-match.ts';

const ca = createTestCa();
const caCert = new X509Certificate(ca.certPem);
const leafPair = ca.issue(['mx.example.test']);
const leaf = new X509Certificate(leafPair.cert);
const spki = (cert: X509Certificate) => cert.publicKey.export({ type: 'spki', format: 'der' });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest();
const record = (usage: number, selector: number, matchingType: number, data: Buffer): TlsaRecord => ({ usage, selector, matchingType, data });

test('only DANE-TA and DANE-EE with known selectors and well-formed digests are usable for SMTP', () => {
  const digest = Buffer.alloc(32, 1);
  assert.equal(usableForSmtp(record(3, 1, 1, digest)), true);
  assert.equal(usableForSmtp(record(2, 0, 2, Buffer.alloc(64, 1))), true);
  assert.equal(usableForSmtp(record(3, 0, 0, leaf.raw)), true);
  assert.equal(usableForSmtp(record(0, 1, 1, digest)), false, 'PKIX-TA');
  assert.equal(usableForSmtp(record(1, 1, 1, digest)), false, 'PKIX-EE');
  assert.equal(usableForSmtp(record(3, 2, 1, digest)), false, 'unknown selector');
  assert.equal(usableForSmtp(record(3, 1, 3, digest)), false, 'unknown matching type');
  assert.equal(usableForSmtp(record(3, 1, 1, Buffer.alloc(31, 1))), false, 'SHA2-256 digest of the wrong length');
  assert.equal(usableForSmtp(record(3, 1, 2, digest)), false, 'SHA2-512 digest of the wrong length');
});

test('every selector and matching type associates with the certificate it was made from, and not with another', () => {
  const other = new X509Certificate(selfSignedCertificate(['mx.example.test']).cert);
  for (const [selector, bytes] of [[0, leaf.raw], [1, spki(leaf)]] as const) {
    for (const [matchingType, data] of [[0, bytes], [1, sha256(bytes)], [2, sha512(bytes)]] as const) {
      assert.equal(recordMatches(record(3, selector, matchingType, data), leaf), true, `${selector} ${matchingType}`);
      assert.equal(recordMatches(record(3, selector, matchingType, data), other), false, `${selector} ${matchingType} other`);
    }
  }
});

test('DANE-EE matches the server certificate alone: a self-signed, expired certificate for another name is accepted', () => {
  const odd = selfSignedCertificate(['somewhere.else.test']);
  const cert = new X509Certificate(odd.cert);
  assert.deepEqual(matchTlsa([record(3, 1, 1, sha256(spki(cert)))], [cert], 'mx.example.test', new Date(Date.now() + 365 * 86_400_000)), { matched: true, usage: 3 });
  assert.deepEqual(matchTlsa([record(3, 1, 1, sha256(spki(leaf)))], [cert], 'mx.example.test'),
    { matched: false, reason: 'no TLSA record matches the certificate of mx.example.test' });
});

test('DANE-EE for the issuer is no match: usage 3 is about the server certificate only', () => {
  assert.equal(matchTlsa([record(3, 0, 1, sha256(caCert.raw))], [leaf, caCert], 'mx.example.test').matched, false);
});

test('DANE-TA matches an issuer in the presented chain when the chain verifies up to it and the server certificate names the host', () => {
  const ta = [record(2, 0, 1, sha256(caCert.raw))];
  assert.deepEqual(matchTlsa(ta, [leaf, caCert], 'mx.example.test'), { matched: true, usage: 2 });
  assert.deepEqual(matchTlsa([record(2, 1, 1, sha256(spki(caCert)))], [leaf, caCert], 'mx.example.test'), { matched: true, usage: 2 });
  const wrongName = matchTlsa(ta, [leaf, caCert], 'mx.other.test');
  assert.deepEqual(wrongName, { matched: false, reason: 'the certificate of mx.other.test chains to its DANE-TA trust anchor but names mx.example.test' });
  assert.equal(matchTlsa(ta, [leaf], 'mx.example.test').matched, false, 'the trust anchor must be in the chain');
});

test('DANE-TA refuses a certificate the anchor did not sign, and an expired server certificate', () => {
  const otherCa = createTestCa('Other CA');
  const forged = new X509Certificate(otherCa.issue(['mx.example.test']).cert);
  const verdict = matchTlsa([record(2, 0, 1, sha256(caCert.raw))], [forged, caCert], 'mx.example.test');
  assert.deepEqual(verdict, { matched: false, reason: 'the certificate of mx.example.test does not chain to the DANE-TA trust anchor' });
  const expired = new X509Certificate(ca.issue(['mx.example.test'], { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }).cert);
  assert.deepEqual(matchTlsa([record(2, 0, 1, sha256(caCert.raw))], [expired, caCert], 'mx.example.test'),
    { matched: false, reason: 'certificate expired (DANE-TA, mx.example.test)' });
});

test('an empty chain is refused with its own reason', () => {
  assert.deepEqual(matchTlsa([record(3, 1, 1, Buffer.alloc(32))], [], 'mx.example.test'), { matched: false, reason: 'mx.example.test presented no certificate' });
});
