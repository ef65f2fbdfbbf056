// The management API over HTTPS (--api-tls-cert/--api-tls-key): a client trusting the certificate gets through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRelay } from '../../../test/support/test-relay.ts';
import { createSelfSignedCertificate } from '../tls/self-signed-certificate.ts';

test('serves HTTPS with the configured certificate', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-https-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pem = await createSelfSignedCertificate({ commonName: 'localhost', altNames: ['127.0.0.1'], keyAlgorithm: 'ECDSA_P256', validityDays: 2 });
  writeFileSync(join(dir, 'api.crt'), pem.certificatePem);
  writeFileSync(join(dir, 'api.key'), pem.privateKeyPem, { mode: 0o600 });
  const relay = await startTestRelay({
    dataDir: join(dir, 'data'), adminToken: 'https-admin-token-0123456789', apiTls: { certFile: join(dir, 'api.crt'), keyFile: join(dir, 'api.key') },
  });
  t.after(() => relay.stop());
  assert.match(relay.apiUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  const body = await new Promise<string>((resolve, reject) => {
    get(`${relay.apiUrl}/v1/virtual-servers`, { ca: pem.certificatePem, headers: { authorization: 'Bearer https-admin-token-0123456789' }, timeout: 10_000 }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`${response.statusCode} ${text}`))));
    }).on('error', reject);
  });
  assert.deepEqual(JSON.parse(body), { items: [] });
  await assert.rejects(fetch(`${relay.apiUrl}/healthz`), 'an untrusting client is refused');
});
