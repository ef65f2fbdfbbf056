// Which TLS protocols and suites real listeners accept, probed one suite at a time with openssl s_client (RSA and ECDSA certificates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { opensslHandshake, type TlsProtocolFlag } from './openssl-client.ts';
import { waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

async function listener(keyAlgorithm: KeyAlgorithm, require128Bit: boolean): Promise<number> {
  const port = await freePort();
  const certificateId = await fx.operator.createCertificate(`relay-${keyAlgorithm.toLowerCase().replace('_', '-')}-${port}.test`, keyAlgorithm);
  await fx.operator.createServer({ name: `suites-${port}`, port, tls: { certificate_id: certificateId, require_128_bit: require128Bit } });
  await waitForListener(port);
  return port;
}

/** "<flag> <client suites>" -> what the listener did (opensslHandshake), probing at most 6 at a time. */
async function probe(port: number, cases: string[]): Promise<Record<string, string>> {
  const outcomes: Record<string, string> = {};
  const queue = [...cases];
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const [flag, suites] = c.split(' ') as [TlsProtocolFlag, string];
      outcomes[c] = await opensslHandshake(port, flag, suites);
    }
  }));
  return outcomes;
}

const refused = 'refused (handshake failure)';
const oldProtocols = { '-tls1 DEFAULT:@SECLEVEL=0': 'refused (protocol version)', '-tls1_1 DEFAULT:@SECLEVEL=0': 'refused (protocol version)' };
const tls13 = Object.fromEntries(['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']
  .map((suite) => [`-tls1_3 ${suite}`, `TLSv1.3 ${suite}`]));
const accepted = (suites: string[]) => Object.fromEntries(suites.map((suite) => [`-tls1_2 ${suite}`, `TLSv1.2 ${suite}`]));
const refusedAll = (suites: string[]) => Object.fromEntries(suites.map((suite) => [`-tls1_2 ${suite}`, refused]));

test('require_128_bit, RSA certificate: TLS 1.2 only with ECDHE and AES-GCM or ChaCha20 (server order), TLS 1.3, nothing older', async () => {
  const port = await listener('RSA_2048', true);
  const expected = {
    // Static RSA (no forward secrecy), CBC with SHA-1 or SHA-2 MACs, and DHE (no DH group is loaded).
    ...refusedAll(['AES128-SHA', 'AES256-SHA', 'AES128-SHA256', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384',
      'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES128-GCM-SHA256']),
    ...accepted(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']),
    // The server's order decides (AES-256-GCM first), except for a client that puts ChaCha20 first.
    '-tls1_2 ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384': 'TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384',
    '-tls1_2 ALL:@SECLEVEL=0': 'TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384',
    '-tls1_2 ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384': 'TLSv1.2 ECDHE-RSA-CHACHA20-POLY1305',
    ...tls13,
    ...oldProtocols,
  };
  assert.deepEqual(await probe(port, Object.keys(expected)), expected);
});

test('require_128_bit, ECDSA certificate: the same with ECDHE-ECDSA suites', async () => {
  const port = await listener('ECDSA_P256', true);
  const expected = {
    ...refusedAll(['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA',
      'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-ECDSA-AES128-CCM', 'ECDHE-RSA-AES128-GCM-SHA256']),
    ...accepted(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305']),
    '-tls1_2 ALL:@SECLEVEL=0': 'TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384',
    ...tls13,
    ...oldProtocols,
  };
  assert.deepEqual(await probe(port, Object.keys(expected)), expected);
});

test('without require_128_bit, TLS 1.0 and 1.1 clients get AES-CBC with SHA-1 (ECDHE first, static RSA for the oldest), no DHE', async () => {
  const [rsa, ecdsa] = await Promise.all([listener('RSA_2048', false), listener('ECDSA_P256', false)]);
  const legacy = {
    '-tls1 DEFAULT:@SECLEVEL=0': 'TLSv1 ECDHE-RSA-AES256-SHA',
    '-tls1_1 DEFAULT:@SECLEVEL=0': 'TLSv1.1 ECDHE-RSA-AES256-SHA',
    '-tls1 AES128-SHA:@SECLEVEL=0': 'TLSv1 AES128-SHA',
    '-tls1 DHE-RSA-AES128-SHA:@SECLEVEL=0': refused,
    '-tls1_2 ALL:@SECLEVEL=0': 'TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256',
    '-tls1_3 TLS_AES_256_GCM_SHA384': 'TLSv1.3 TLS_AES_256_GCM_SHA384',
  };
  const legacyEcdsa = {
    '-tls1 DEFAULT:@SECLEVEL=0': 'TLSv1 ECDHE-ECDSA-AES256-SHA',
    '-tls1_1 ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0': 'TLSv1.1 ECDHE-ECDSA-AES128-SHA',
  };
  const [rsaOutcomes, ecdsaOutcomes] = await Promise.all([probe(rsa, Object.keys(legacy)), probe(ecdsa, Object.keys(legacyEcdsa))]);
  assert.deepEqual(rsaOutcomes, legacy);
  assert.deepEqual(ecdsaOutcomes, legacyEcdsa);
});
