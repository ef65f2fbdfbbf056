// Tests for the Received: header: the RFC 3848 / RFC 6531 protocol keyword and the folded layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receivedHeader, receivedProtocol } from './received-header.ts';

test('an SMTPUTF8 transaction is received "with UTF8SMTP", with S and A as for ESMTP (RFC 6531 section 3.7.3)', () => {
  assert.deepEqual(['ESMTP', 'ESMTPS', 'ESMTPA', 'ESMTPSA'].map((t) => receivedProtocol(t, true)), ['UTF8SMTP', 'UTF8SMTPS', 'UTF8SMTPA', 'UTF8SMTPSA']);
  assert.deepEqual(['ESMTP', 'ESMTPSA', 'SMTP'].map((t) => receivedProtocol(t, false)), ['ESMTP', 'ESMTPSA', 'SMTP']);
});

test('the header names the client, the server, the protocol and the single recipient', () => {
  const header = receivedHeader({
    helo: 'client.test', hostname: null, ip: '192.0.2.7', by: 'mx.relay.test', protocol: receivedProtocol('ESMTPS', true), id: 's1.1',
    recipient: 'jörg@xn--mnchen-3ya.de', date: new Date('2026-11-29T05:00:00Z'),
  });
  assert.equal(header, 'Received: from client.test ([192.0.2.7])\r\n\tby mx.relay.test (Relayform) with UTF8SMTPS id s1.1\r\n'
    + '\tfor <jörg@xn--mnchen-3ya.de>;\r\n\tSun, 29 Nov 2026 05:00:00 +0000\r\n');
});
