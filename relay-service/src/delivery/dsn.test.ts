// The DSN builder: RFC 3464 layout, one block per recipient, original headers only, no header injection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDsn, headerSection, mtaName } from './dsn.ts';

const original = Buffer.from('From: a@x.test\r\nSubject: hi\r\nMessage-ID: <m1@x.test>\r\n\r\nsecret body\r\n');
const now = new Date('2026-11-29T05:00:00Z');

test('a failure report is multipart/report with human text, per-recipient status and the original headers', () => {
  const raw = buildDsn({
    action: 'failed', reportingMta: 'relay.test', to: 'a@x.test', arrivalDate: now, now, original,
    recipients: [
      { address: 'b@y.test', status: '5.1.1', detail: '550 5.1.1 no such user', fromRemote: true, remoteMta: 'mx.y.test' },
      { address: 'c@y.test', status: '5.7.10', detail: 'TLS level mismatch\r\nInjected: header', fromRemote: false, remoteMta: null },
    ],
  }).toString();
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
  assert.ok(boundary);
  assert.match(raw, /^Content-Type: multipart\/report; report-type=delivery-status; boundary="/m);
  assert.equal(raw.split(`--${boundary}\r\n`).length, 4, 'three parts');
  assert.ok(raw.endsWith(`--${boundary}--\r\n`));
  assert.match(raw, /^Reporting-MTA: dns; relay\.test\r\nArrival-Date: Sun, 29 Nov 2026 05:00:00 \+0000$/m);
  assert.match(raw, /^Final-Recipient: rfc822; b@y\.test\r\nAction: failed\r\nStatus: 5\.1\.1\r\nRemote-MTA: dns; mx\.y\.test\r\nDiagnostic-Code: smtp; 550 5\.1\.1 no such user$/m);
  assert.match(raw, /^Diagnostic-Code: X-Relayform; TLS level mismatch Injected: header$/m);
  assert.doesNotMatch(raw, /^Injected:/m);
  assert.match(raw, /^Content-Type: text\/rfc822-headers\r\n\r\nFrom: a@x\.test\r\nSubject: hi\r\nMessage-ID: <m1@x\.test>\r\n--/m);
  assert.doesNotMatch(raw, /secret body/);
  assert.doesNotMatch(raw, /(^|[^\r])\n/, 'CRLF line ends only');
});

test('a delay report says delayed and when the relay gives up', () => {
  const raw = buildDsn({
    action: 'delayed', reportingMta: 'relay.test', to: 'a@x.test', arrivalDate: now, now, original, willRetryUntil: new Date('2026-12-01T05:00:00Z'),
    recipients: [{ address: 'b@y.test', status: '4.4.1', detail: 'connection refused', fromRemote: false, remoteMta: null }],
  }).toString();
  assert.match(raw, /^Action: delayed$/m);
  assert.match(raw, /^Will-Retry-Until: Tue, 01 Dec 2026 05:00:00 \+0000$/m);
  assert.match(raw, /^Subject: Delivery Status Notification \(Delay\)$/m);
});

test('the header section ends at the first empty line, for CRLF and bare LF messages', () => {
  assert.equal(headerSection(Buffer.from('A: 1\nB: 2\n\nbody')), 'A: 1\r\nB: 2');
  assert.equal(headerSection(original), 'From: a@x.test\r\nSubject: hi\r\nMessage-ID: <m1@x.test>');
});

test('Remote-MTA names a host by its name and an address by its RFC 5321 address literal', () => {
  assert.deepEqual(['mx.y.test', '192.0.2.1', '2001:db8::1'].map(mtaName), ['mx.y.test', '[192.0.2.1]', '[IPv6:2001:db8::1]']);
  const raw = buildDsn({
    action: 'failed', reportingMta: 'relay.test', to: 'a@x.test', arrivalDate: now, now, original,
    recipients: [{ address: 'b@y.test', status: '5.1.1', detail: '550 no', fromRemote: true, remoteMta: '2001:db8::25' }],
  }).toString();
  assert.match(raw, /^Remote-MTA: dns; \[IPv6:2001:db8::25\]\r$/m);
});
