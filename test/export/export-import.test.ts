// A relay configured only through API calls (as with curl) is exported as HCL, by GET /v1/export and by
// `smtp-relay export --hcl` (API and data dir), and `terraform plan` in a fresh directory only imports.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ApiCall } from '../support/api-client.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A self-signed EC certificate and key made by openssl, for an imported (not generated) certificate. */
function selfSignedPem(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'export-pem-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=imported.corp.example',
      '-days', '30', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every kind of object, with non-default values in every group, made through the API only. Returns the object count. */
async function configure(api: ApiCall): Promise<number> {
  const created = async (path: string, body: unknown) => {
    const response = await api('POST', path, body);
    assert.equal(response.status, 201, `POST ${path}: ${response.text}`);
    return response.body.id as string;
  };
  const alice = await created('/v1/accounts', { name: 'alice', domain: 'CORP', password_wo: 'alice-pw', password_wo_version: 3 });
  const bob = await created('/v1/accounts', { name: 'bob', password_wo: 'bob-pw' });
  const directory = await created('/v1/directories', {
    name: 'corp.example', domain: 'CORP', flavor: 'openldap', urls: ['ldaps://dc1.corp.example', 'ldap://dc2.corp.example:3389'],
    bind_dn: 'cn=relay,ou=services,dc=corp,dc=example', bind_password_wo: 'bind-pw', bind_password_wo_version: 2,
    user_search_base: 'ou=people,dc=corp,dc=example', cache_ttl_seconds: 30,
  });
  const generated = await created('/v1/certificates', { name: 'edge', common_name: 'mail.corp.example', subject_alternative_names: ['127.0.0.1'], key_algorithm: 'ECDSA_P256', validity_days: 90 });
  const pem = selfSignedPem();
  await created('/v1/certificates', { name: 'imported ${x}', certificate_pem: pem.cert, private_key_pem_wo: pem.key, private_key_pem_wo_version: 1 });
  const edge = await created('/v1/virtual-servers', {
    name: 'edge', port: 2701, fqdn: 'mail.corp.example', local_domains: ['corp.example', 'corp.test'], enabled: false,
    limits: { max_message_size_kb: 2048, connection_timeout_seconds: 60, max_hop_count: 30 },
    authentication: { anonymous: false, basic: true, basic_default_domain: 'CORP', integrated: true },
    tls: { certificate_id: generated, require_tls: true, require_128_bit: true },
    connection_control: { mode: 'only_listed' }, relay_control: { mode: 'all_except_listed', allow_authenticated: false },
    delivery: {
      smart_host: 'smtp.isp.example', smart_host_port: 587, masquerade_domain: 'corp.example', retry_intervals_minutes: [0.5, 5], expiration_hours: 2.5, delay_notification_hours: null,
      outbound_security: { authentication: 'basic', username: 'relay@isp.example', password_wo: 'isp-pw', password_wo_version: 2, tls: true },
    },
    ndr: { send_copy_to: 'postmaster@corp.example' },
    dead_letter: { retention_hours: 336, send_notice_to: 'badmail@corp.example' },
  });
  const second = await created('/v1/virtual-servers', { name: 'edge', port: 2702, bind_address: '127.0.0.2' }); // same name: unique HCL names
  await created(`/v1/virtual-servers/${edge}/operators`, { account_id: alice });
  await created(`/v1/virtual-servers/${second}/operators`, { account_id: bob });
  await created(`/v1/virtual-servers/${edge}/operators`, { directory_id: directory, directory_dn: 'cn=mail admins,ou=groups,dc=corp,dc=example' });
  await created(`/v1/virtual-servers/${edge}/connection-rules`, { ip_address: '127.0.0.9' });
  await created(`/v1/virtual-servers/${edge}/connection-rules`, { ip_address: '192.0.2.0', subnet_mask: '255.255.255.0', description: 'group "lab"' });
  await created(`/v1/virtual-servers/${edge}/connection-rules`, { cidr: '2001:db8::/32' });
  await created(`/v1/virtual-servers/${edge}/connection-rules`, { domain: 'trusted.example' });
  await created(`/v1/virtual-servers/${edge}/relay-rules`, { cidr: '10.0.0.0/8', description: 'office' });
  await created(`/v1/virtual-servers/${second}/relay-rules`, { cidr: '10.0.0.0/8' });
  await created(`/v1/virtual-servers/${edge}/remote-domains`, {
    name: '*.partner.example', smart_host: 'gw.partner.example', smart_host_port: 2525, require_tls: true, allow_incoming_relay: true,
    outbound_security: { authentication: 'integrated', username: 'corp', password_wo: 'partner-pw', password_wo_version: 1 },
  });
  await created(`/v1/virtual-servers/${edge}/remote-domains`, { name: 'legacy.example' });
  return 18;
}

if (!acceptance.enabled) {
  test('export --hcl', { skip: acceptance.skipReason }, () => {});
} else {
  test('the HCL export of an API-configured relay imports with a plan of imports only, then plans clean', async (t) => {
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const objects = await configure(relay.api);

    const exported = await fetch(`${relay.apiUrl}/v1/export?format=hcl`, { headers: { authorization: `Bearer ${relay.token}` } });
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type') ?? '', /^text\/plain/);
    const hcl = await exported.text();
    for (const secret of ['alice-pw', 'bob-pw', 'bind-pw', 'isp-pw', 'partner-pw', 'PRIVATE KEY']) assert.ok(!hcl.includes(secret), `no secret in the export (${secret})`);
    assert.equal(hcl.match(/^import \{/gm)?.length, objects, 'one import block per object');
    assert.match(hcl, /virtual_server_id = smtp_virtual_server\.edge\.id/);
    assert.match(hcl, /account_id\s+= smtp_account\.corp_alice\.id/);
    assert.match(hcl, /certificate_id\s+= smtp_certificate\.edge\.id/);
    assert.match(hcl, /directory_id\s+= smtp_directory\.corp_example\.id/);
    assert.match(hcl, /bind_password_wo\s+= var\.corp_example_bind_password/);
    assert.match(hcl, /cache_ttl_seconds\s+= 30/);
    assert.match(hcl, /max_hop_count\s+= 30/);
    assert.match(hcl, /masquerade_domain\s+= "corp\.example"/);
    assert.equal(hcl.match(/max_hop_count|masquerade_domain/g)?.length, 2, 'the defaults of the other server are not written');
    assert.match(hcl, /retention_hours\s+= 336/);
    assert.match(hcl, /send_notice_to\s+= "badmail@corp\.example"/);
    assert.equal(hcl.match(/dead_letter|retention_hours|send_notice_to/g)?.length, 3, 'one dead_letter block: the other server\'s defaults are not written');
    assert.match(hcl, /password_wo\s+= var\.corp_alice_password/);
    assert.match(hcl, /# To set it: export TF_VAR_corp_alice_password=/);

    // The other ways in: 4xx for a bad format, no credentials and an operator's token; and the CLI (through the API and from the data dir).
    assert.equal((await relay.api('GET', '/v1/export?format=yaml')).status, 422);
    assert.equal((await relay.api('GET', '/v1/export', undefined, { authorization: '' })).status, 401);
    const accounts = (await relay.api('GET', '/v1/accounts')).body.items;
    const operatorToken = (await relay.api('POST', '/v1/tokens', { account_id: accounts[0].id })).body.token;
    assert.equal((await relay.api('GET', '/v1/export', undefined, { authorization: `Bearer ${operatorToken}` })).status, 403, 'an operator may not export');
    const cli = (...args: string[]) => spawnSync(process.execPath, ['relay-service/bin/smtp-relay.mjs', 'export', ...args],
      { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SMTP_RELAY_TOKEN: '' } });
    const viaApi = cli('--hcl', '--endpoint', relay.apiUrl, '--token', relay.token);
    assert.equal(viaApi.status, 0, viaApi.stderr);
    assert.equal(viaApi.stdout, hcl);
    const viaDataDir = cli('--hcl', '--data-dir', relay.dataDir);
    assert.equal(viaDataDir.status, 0, viaDataDir.stderr);
    assert.equal(viaDataDir.stdout, hcl);
    const noToken = cli('--hcl', '--endpoint', relay.apiUrl);
    assert.equal(noToken.status, 2);
    assert.match(noToken.stderr, /needs the admin token/);

    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token } });
    t.after(() => tf.dispose());
    writeFileSync(join(tf.dir, 'main.tf'), hcl);
    const fmt = await tf.run('fmt', '-check', '-diff');
    assert.equal(fmt.code, 0, `the export is terraform fmt clean:\n${fmt.stdout}${fmt.stderr}`);
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, new RegExp(`Plan: ${objects} to import, 0 to add, 0 to change, 0 to destroy`), plan.stdout);
    assert.doesNotMatch(plan.stdout, /will be updated in-place|must be replaced/);
    await tf.ok('apply', '-auto-approve');
    const after = await tf.run('plan', '-detailed-exitcode');
    assert.equal(after.code, 0, `plan after adopting is empty:\n${after.stdout}${after.stderr}`);
  });
}
