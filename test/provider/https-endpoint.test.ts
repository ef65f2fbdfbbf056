// Acceptance test: the provider on an https:// endpoint signed by a private CA, trusted through NODE_EXTRA_CA_CERTS,
// which the executable's launcher moves out of Node's start-up and the API client applies when it connects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';

/** A CA and an API certificate for 127.0.0.1 signed by it, made with the openssl command in `dir`. */
function privateCa(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Relayform test CA');
  openssl('req', ...ec, '-keyout', 'api.key', '-out', 'api.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'api.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'api.pem', '-days', '2', '-extfile', 'san.ext');
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'api.pem'), keyFile: join(dir, 'api.key') };
}

describe('https endpoint with a private CA', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'provider-https-'));
  const token = `test-admin-${randomBytes(12).toString('hex')}`;
  let relay: TestRelay;
  let caFile: string;

  before(async () => {
    const ca = privateCa(dir);
    caFile = ca.caFile;
    relay = await startTestRelay({ dataDir: join(dir, 'data'), adminToken: token, apiTls: { certFile: ca.certFile, keyFile: ca.keyFile } });
    assert.match(relay.apiUrl, /^https:\/\//);
  });
  after(async () => {
    await relay?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('NODE_EXTRA_CA_CERTS is trusted; without it the certificate is refused; an unreadable file is named', { timeout: 180_000 }, async (t) => {
    const port = await freePort();
    const config = `resource "smtp_virtual_server" "tls_api" {\n  name = "tls-api"\n  port = ${port}\n}`;
    const workspace = (extraCa: string) => terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: token, NODE_EXTRA_CA_CERTS: extraCa } });

    const trusted = await workspace(caFile);
    t.after(() => trusted.dispose());
    trusted.writeConfig(config);
    await trusted.ok('apply', '-auto-approve');
    const id = (await trusted.state()).values.root_module.resources[0].values.id as string;
    assert.equal((await relay.handles().store.get('virtual_server', id))?.doc.name, 'tls-api', 'created over HTTPS');

    // Same state, no extra CA: the refresh must fail on the certificate, not pass unverified.
    const untrusted = await workspace('');
    t.after(() => untrusted.dispose());
    untrusted.writeConfig(config);
    writeFileSync(join(untrusted.dir, 'terraform.tfstate'), trusted.stateFile());
    const refused = await untrusted.run('plan');
    assert.notEqual(refused.code, 0, refused.stdout);
    assert.match(refused.stderr, /certificate|issuer/i);

    const missing = await workspace(join(dir, 'no-such-ca.pem'));
    t.after(() => missing.dispose());
    missing.writeConfig(config);
    const unreadable = await missing.run('plan');
    assert.notEqual(unreadable.code, 0, unreadable.stdout);
    assert.match(unreadable.stderr, /Cannot read NODE_EXTRA_CA_CERTS/);
    assert.match(unreadable.stderr, /no-such-ca\.pem/);
  });
});
