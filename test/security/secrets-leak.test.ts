// Secrets never leak: a scenario that uses every kind of secret (account and operator passwords, the admin token, issued
// bearer/XOAUTH2 tokens, imported private keys, smart-host and remote-domain passwords, a directory's bind password and
// its users' passwords (a real slapd), Terraform *_wo values) at log
// level debug and at info, then searches logs, API responses and headers, the audit log, the export, /metrics, SMTP
// replies, delivered mail, Terraform plan/apply output and state, and the store files for each value and its encodings.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { slapdPasswords, slapdSuffix, startTestSlapd } from '../support/slapd.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { hostileRelay } from './hostile-relay.ts';
import { apiDump } from './store-dump.ts';

const secret = (label: string) => `${label}-${randomBytes(12).toString('base64url')}`;

/** A P-256 key and self-signed certificate made with openssl; returns the PEM texts. */
function keyPair(dir: string, name: string): { cert: string; key: string } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '10',
    '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`)], { stdio: 'ignore', timeout: 10_000 });
  return { cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

/** What to search for: the value, its base64 and base64url forms; for a PEM key, the lines of its body. */
function needles(value: string): string[] {
  if (value.includes('PRIVATE KEY-----')) return value.split('\n').filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
  const b = Buffer.from(value);
  return [value, b.toString('base64').replace(/=+$/, ''), b.toString('base64url')];
}

/** Every file under `dir` (the store files, drop files), as latin1 text. */
function filesUnder(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name): Array<[string, string]> => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [[path, readFileSync(path, 'latin1')]];
  });
}

async function scenario(t: TestContext, level: 'debug' | 'info'): Promise<void> {
  const s = {
    alice: secret('alice-pw'), aliceRotated: secret('alice-pw2'), bob: secret('operator-pw'), wrong: secret('wrong-pw'),
    smartHost: secret('smarthost-pw'), remote: secret('remote-pw'), tfAccount: secret('tf-account-pw'), tfSmartHost: secret('tf-smarthost-pw'),
  };
  // Started first: a slow start between the relay's /healthz and the first call lets the relay close fetch's idle keep-alive socket.
  const ldap = await startTestSlapd();
  t.after(() => ldap.stop());
  const relay = await startTestRelay({ mode: 'child-process', logLevel: level });
  t.after(() => relay.dispose());
  const h = await hostileRelay(t, relay);
  const directoryUser = { carol: slapdPasswords.carol, bindPassword: ldap.bindPassword, wrongDirectory: secret('wrong-directory-pw') };
  const traces: Array<[string, string]> = [];
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const result = await h.relay.api(method, path, body, headers);
    traces.push([`${method} ${path} -> ${result.status}`, `${JSON.stringify([...result.headers])}\n${result.text}`]);
    if (result.status >= 400) throw new Error(`${method} ${path}: ${result.status} ${result.text}`);
    return result.body;
  };
  const sink = async (password: string): Promise<SmtpSink> => {
    const started = await startSmtpSink({ tls: loopbackTls().tls, auth: { username: 'relay', password, methods: ['PLAIN', 'LOGIN'] } });
    t.after(() => started.stop());
    return started;
  };
  const [smartHostSink, remoteSink, tfSink] = [await sink(s.smartHost), await sink(s.remote), await sink(s.tfSmartHost)];
  const dir = h.relay.dataDir;
  const apiPem = keyPair(dir, 'api-import');

  // Through the API: accounts, an operator, an imported key, outbound passwords, issued tokens.
  const alice = (await call('POST', '/v1/accounts', { name: 'alice', domain: 'CORP', password_wo: s.alice, password_wo_version: 1 })).id;
  const bob = (await call('POST', '/v1/accounts', { name: 'bob', domain: 'CORP', password_wo: s.bob, password_wo_version: 1 })).id;
  const cert = (await call('POST', '/v1/certificates', { name: 'imported', certificate_pem: apiPem.cert, private_key_pem_wo: apiPem.key, private_key_pem_wo_version: 1 })).id;
  const port = await freePort();
  const vs = (await call('POST', '/v1/virtual-servers', {
    name: 'secrets', port, authentication: { anonymous: false, basic: true, basic_default_domain: 'CORP', integrated: true },
    tls: { certificate_id: cert },
    delivery: { smart_host: '127.0.0.1', smart_host_port: smartHostSink.port, retry_intervals_minutes: [0.05],
      outbound_security: { authentication: 'basic', username: 'relay', password_wo: s.smartHost, password_wo_version: 1, tls_ca_pem: loopbackTls().caPem } },
  })).id;
  await call('POST', `/v1/virtual-servers/${vs}/remote-domains`, { name: 'partner.example', smart_host: '127.0.0.1', smart_host_port: remoteSink.port,
    outbound_security: { authentication: 'basic', username: 'relay', password_wo: s.remote, password_wo_version: 1, tls_ca_pem: loopbackTls().caPem } });
  await call('POST', `/v1/virtual-servers/${vs}/operators`, { account_id: bob });
  const directory = (domain: string) => ({
    name: domain, domain, flavor: 'openldap', urls: [ldap.ldapsUrl], tls_ca_pem: ldap.caPem, bind_dn: ldap.bindDn,
    user_search_base: `ou=people,${slapdSuffix}`, group_search_base: `ou=groups,${slapdSuffix}`,
  });
  const directoryId = (await call('POST', '/v1/directories', { ...directory('CORP'), bind_password_wo: ldap.bindPassword, bind_password_wo_version: 1 })).id;
  await call('POST', `/v1/virtual-servers/${vs}/operators`, { directory_id: directoryId, directory_dn: ldap.groupDn('relay-admins') });
  await call('PATCH', `/v1/directories/${directoryId}`, { bind_password_wo: ldap.bindPassword, bind_password_wo_version: 2 });
  await call('GET', `/v1/virtual-servers/${vs}`, undefined, { authorization: `Basic ${Buffer.from(`CORP\\carol:${directoryUser.carol}`).toString('base64')}` });
  const refusedCarol = await h.relay.api('GET', `/v1/virtual-servers/${vs}`, undefined, { authorization: `Basic ${Buffer.from(`CORP\\carol:${directoryUser.wrongDirectory}`).toString('base64')}` });
  traces.push([`GET /v1/virtual-servers (wrong directory password) -> ${refusedCarol.status}`, `${JSON.stringify([...refusedCarol.headers])}\n${refusedCarol.text}`]);
  assert.equal(refusedCarol.status, 401);
  // A passphrase-protected key cannot be imported (the relay has no passphrase field): refused, and neither echoed.
  const passphrase = secret('key-passphrase');
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', `pass:${passphrase}`,
    '-out', join(dir, 'encrypted.key')], { stdio: 'ignore', timeout: 10_000 });
  const encryptedKey = readFileSync(join(dir, 'encrypted.key'), 'utf8');
  const refused = await h.relay.api('POST', '/v1/certificates', { name: 'encrypted', certificate_pem: apiPem.cert, private_key_pem_wo: encryptedKey, private_key_pem_wo_version: 1 });
  traces.push([`POST /v1/certificates (encrypted key) -> ${refused.status}`, `${JSON.stringify([...refused.headers])}\n${refused.text}`]);
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.body.error.details.some((d: { path: string }) => d.path === '$.private_key_pem_wo'), refused.text);
  const basicBob = { authorization: `Basic ${Buffer.from(`CORP\\bob:${s.bob}`).toString('base64')}` };
  const bobToken = (await call('POST', '/v1/tokens', {}, basicBob)).token as string;
  const aliceToken = (await call('POST', '/v1/tokens', { account_id: alice })).token as string;
  await call('PATCH', `/v1/virtual-servers/${vs}`, { fqdn: 'secrets.example' }, { authorization: `Bearer ${bobToken}` });
  await call('PATCH', `/v1/accounts/${alice}`, { password_wo: s.aliceRotated, password_wo_version: 2 });
  await call('PUT', `/v1/virtual-servers/${vs}/remote-domains`, undefined).catch(() => undefined); // a 404/405 body is a trace too
  await waitForListener(port);

  // Through SMTP: STARTTLS with the imported key, every AUTH mechanism, a failed AUTH, delivery with both outbound passwords.
  const send = (auth: object, to: string) => nodemailer.createTransport({
    host: '127.0.0.1', port, requireTLS: true, tls: { rejectUnauthorized: false }, auth, logger: false,
  } as any).sendMail({ from: 'alice@corp.example', to, subject: 'secrets', text: 'nothing secret here' });
  const replies: string[] = [];
  for (const [auth, to] of [[{ user: 'alice', pass: s.aliceRotated, method: 'PLAIN' }, 'x@far.example'], [{ user: 'CORP\\bob', pass: s.bob, method: 'LOGIN' }, 'y@partner.example'],
    [{ user: 'CORP\\alice', pass: s.aliceRotated, method: 'CRAM-MD5' }, 'z@far.example'], [{ type: 'OAuth2', user: 'CORP\\alice', accessToken: aliceToken }, 'w@partner.example'],
    [{ user: 'carol', pass: directoryUser.carol, method: 'PLAIN' }, 'c@far.example'], [{ user: 'CORP\\carol', pass: directoryUser.carol, method: 'LOGIN' }, 'd@far.example']] as const) {
    replies.push((await send(auth, to)).response);
  }
  await assert.rejects(send({ user: 'alice', pass: s.wrong }, 'v@far.example'), (error: any) => { replies.push(String(error.response)); return /^535 /.test(error.response); });
  await assert.rejects(send({ user: 'carol', pass: directoryUser.wrongDirectory }, 'v@far.example'), (error: any) => { replies.push(String(error.response)); return /^535 /.test(error.response); });
  await smartHostSink.waitFor(4, 20_000);
  await remoteSink.waitFor(2, 20_000);
  assert.ok([...smartHostSink.messages, ...remoteSink.messages].every((m) => m.user === 'relay'), 'the relay authenticated with the outbound passwords');
  traces.push(['SMTP replies', replies.join('\n')]);
  traces.push(['delivered mail', [...smartHostSink.messages, ...remoteSink.messages].map((m) => m.raw.toString('latin1')).join('\n')]);

  // Through Terraform: write-only passwords and key, an operator's credentials in a provider block.
  if (acceptance.enabled) {
    const tf = await terraformWorkspace({ env: {
      SMTP_RELAY_ENDPOINT: h.relay.apiUrl, TF_VAR_admin_token: h.relay.token,
      TF_VAR_account_password: s.tfAccount, TF_VAR_smart_host_password: s.tfSmartHost, TF_VAR_operator_password: s.bob,
      TF_VAR_bind_password: directoryUser.bindPassword, TF_VAR_directory_user_password: directoryUser.carol,
    } });
    t.after(() => tf.dispose());
    const tfPem = keyPair(tf.dir, 'tf');
    const tfPort = await freePort();
    // Ephemeral: never written to a saved plan (sensitive alone is: terraform show -json tfplan prints it).
    const secretVariables = ['admin_token', 'account_password', 'smart_host_password', 'operator_password', 'bind_password', 'directory_user_password']
      .map((name) => `variable "${name}" {\n  type      = string\n  ephemeral = true\n}\n`).join('');
    tf.writeConfig(`
${secretVariables}provider "smtp" {
  alias    = "operator"
  username = "CORP\\\\bob"
  password = var.operator_password
}
provider "smtp" {
  alias    = "directory_user"
  username = "CORP\\\\carol"
  password = var.directory_user_password
}
resource "smtp_directory" "tf" {
  name                     = "tf"
  domain                   = "TFCORP"
  flavor                   = "openldap"
  urls                     = [${JSON.stringify(ldap.ldapsUrl)}]
  tls_ca_pem               = ${JSON.stringify(ldap.caPem)}
  bind_dn                  = ${JSON.stringify(ldap.bindDn)}
  bind_password_wo         = var.bind_password
  bind_password_wo_version = 1
  user_search_base         = ${JSON.stringify(`ou=people,${slapdSuffix}`)}
}
data "smtp_virtual_server" "as_directory_user" {
  provider = smtp.directory_user
  id       = "${vs}"
}
output "directory_user_sees" {
  value = data.smtp_virtual_server.as_directory_user.fqdn
}
resource "smtp_account" "tf" {
  name                = "tfuser"
  domain              = "CORP"
  password_wo         = var.account_password
  password_wo_version = 1
}
resource "smtp_certificate" "tf" {
  name                       = "tf-imported"
  certificate_pem            = file("\${path.module}/tf.crt")
  private_key_pem_wo         = file("\${path.module}/tf.key")
  private_key_pem_wo_version = 1
}
resource "smtp_virtual_server" "tf" {
  name = "tf-secrets"
  port = ${tfPort}
  authentication = {
    anonymous            = false
    basic                = true
    basic_default_domain = "CORP"
  }
  tls = {
    certificate_id = smtp_certificate.tf.id
  }
  delivery = {
    smart_host              = "127.0.0.1"
    smart_host_port         = ${tfSink.port}
    retry_intervals_minutes = [0.05]
    outbound_security = {
      authentication      = "basic"
      username            = "relay"
      password_wo         = var.smart_host_password
      password_wo_version = 1
      tls_ca_pem          = ${JSON.stringify(loopbackTls().caPem)}
    }
  }
}
data "smtp_virtual_server" "as_operator" {
  provider = smtp.operator
  id       = "${vs}"
}
output "operator_sees" {
  value = data.smtp_virtual_server.as_operator.fqdn
}`, 'provider "smtp" {\n  token = var.admin_token\n}');
    const plan = await tf.ok('plan', '-out=tfplan');
    const planJson = await tf.ok('show', '-json', 'tfplan');
    const apply = await tf.ok('apply', 'tfplan');
    const state = await tf.ok('show', '-json');
    const again = await tf.run('plan', '-detailed-exitcode');
    assert.equal(again.code, 0, `a clean plan after apply: ${again.stdout}${again.stderr}`);
    assert.match(apply.stdout, /operator_sees = "secrets\.example"/);
    assert.match(apply.stdout, /directory_user_sees = "secrets\.example"/);
    for (const [name, result] of Object.entries({ plan, planJson, apply, state, again })) traces.push([`terraform ${name}`, result.stdout + result.stderr]);
    traces.push(['terraform.tfstate', tf.stateFile()]);
    await waitForListener(tfPort);
    const tfSend = await nodemailer.createTransport({ host: '127.0.0.1', port: tfPort, requireTLS: true, tls: { rejectUnauthorized: false },
      auth: { user: 'tfuser', pass: s.tfAccount } } as any).sendMail({ from: 'tf@corp.example', to: 't@far.example', text: 'via terraform config' });
    assert.match(tfSend.response, /^250 /);
    await tfSink.waitFor(1, 20_000);
    Object.assign(s, { tfKey: tfPem.key });
  } else {
    t.diagnostic(`terraform part skipped: ${acceptance.skipReason}`);
  }

  // Everything the relay shows about itself afterwards.
  traces.push(['API dump', JSON.stringify(await apiDump(h))]);
  for (const path of ['/v1/audit-log?limit=1000', '/v1/export', '/v1/export?format=hcl', '/metrics', `/v1/certificates/${cert}`, `/v1/virtual-servers/${vs}`]) {
    const result = await h.relay.api('GET', path);
    traces.push([`GET ${path} -> ${result.status}`, `${JSON.stringify([...result.headers])}\n${result.text}`]);
  }
  await new Promise((r) => setTimeout(r, 300)); // the last log lines
  traces.push([`relay log (${level})`, h.relay.output()]);
  // Controls: the traces hold what they should, so an absent secret is absent for the right reason.
  assert.match(h.relay.output(), /smtp auth succeeded/, 'the log was captured');
  assert.match(h.relay.output(), /smtp auth failed/);
  if (level === 'debug') assert.match(h.relay.output(), /AUTH PLAIN \/\* secured \*\//, 'the debug log has the SMTP transcript, AUTH arguments secured');
  if (acceptance.enabled) assert.ok(traces.some(([where, text]) => where === 'terraform.tfstate' && text.includes('"tfuser"')), 'the state was captured');
  assert.ok(traces.some(([where, text]) => where.startsWith('GET /v1/audit-log') && text.includes('password_wo') && text.includes('[redacted]')), 'the audit log records secret changes, redacted');

  assert.ok(traces.some(([where, text]) => where === 'SMTP replies' && (text.match(/^235 |^250 /gm)?.length ?? 0) >= 6), 'directory users sent mail');
  const values: Record<string, string> = { ...s, ...directoryUser, adminToken: h.relay.token, bobToken, aliceToken, apiKey: apiPem.key, passphrase, encryptedKey };
  // An issued token is shown once, in the response that issues it; nowhere else.
  const issuedIn = (name: string, where: string) => /Token$/.test(name) && name !== 'adminToken' && where.startsWith('POST /v1/tokens ');
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const needle of needles(value)) {
      for (const [where, text] of traces) if (text.includes(needle) && !(issuedIn(name, where) && text.includes(`"token":"${value}"`))) leaks.push(`${name} in ${where}`);
    }
  }
  const shown = (token: string) => traces.filter(([where, text]) => where.startsWith('POST /v1/tokens ') && text.includes(token)).length;
  assert.deepEqual([shown(bobToken), shown(aliceToken)], [1, 1], 'each token is shown exactly once');
  for (const [where, text] of traces) if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) leaks.push(`a PEM private key in ${where}`);
  // At rest: passwords and tokens hashed or encrypted, keys encrypted (the admin token is configured, so no admin-token file).
  for (const [file, text] of filesUnder(dir).filter(([file]) => !/\.(?:crt|key)$/.test(file))) {
    for (const [name, value] of Object.entries(values)) {
      if (needles(value).some((needle) => text.includes(needle))) leaks.push(`${name} in ${file} (at rest)`);
    }
  }
  t.diagnostic(`${level}: relay log ${h.relay.output().length} characters; ${Object.keys(values).length} secrets searched in ${traces.length} traces (${traces.reduce((n, [, text]) => n + text.length, 0)} characters) and the store files`);
  assert.deepEqual(leaks, []);
}

test('no secret appears in logs (debug), API responses, audit log, Terraform output or state, or the store', { timeout: 180_000 }, (t) => scenario(t, 'debug'));
test('no secret appears in logs (info), API responses, audit log, Terraform output or state, or the store', { timeout: 180_000 }, (t) => scenario(t, 'info'));
