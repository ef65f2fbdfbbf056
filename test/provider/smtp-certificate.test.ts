// Acceptance tests of smtp_certificate (generated on the relay, and imported PEM) with the real terraform binary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance, type TerraformWorkspace } from '../support/terraform.ts';

const generated = (days: number) => `
resource "smtp_certificate" "c" {
  name                      = "edge"
  common_name               = "mail.example.test"
  subject_alternative_names = ["mx.example.test", "127.0.0.1"]
  key_algorithm             = "ECDSA_P256"
  validity_days             = ${days}
}`;

const imported = (version: number) => `
resource "smtp_certificate" "c" {
  name                       = "imported"
  certificate_pem            = file("\${path.module}/cert.pem")
  private_key_pem_wo         = file("\${path.module}/key.pem")
  private_key_pem_wo_version = ${version}
}`;

/** A fresh P-256 key and self-signed certificate made with openssl in `dir` (cert.pem, key.pem). */
function makePem(dir: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '10',
    '-subj', '/CN=import.example.test', '-addext', 'subjectAltName=DNS:import.example.test,DNS:alt.example.test',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore', timeout: 10_000 });
}

describe('smtp_certificate', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();
  /** The attributes of `address` in the state file (read directly: faster than `terraform show -json`). */
  const values = async (tf: TerraformWorkspace, address = 'smtp_certificate.c') =>
    tf.attributes(address);

  test('generated ECDSA certificate: defaults in the plan, create, clean plan, replace on any input, in use => clear error, deleted outside, import by id', async () => {
    const tf = await acc.workspace();
    tf.writeConfig('resource "smtp_certificate" "c" {\n  name = "edge"\n  common_name = "mail.example.test"\n}');
    const plan = await tf.ok('plan');
    assert.match(plan.stdout, /\+ key_algorithm\s+= "RSA_2048"/, 'generate-mode defaults are in the plan');
    assert.match(plan.stdout, /\+ validity_days\s+= 365/);
    assert.match(plan.stdout, /\+ subject_alternative_names\s+= \[\]/);
    assert.match(plan.stdout, /\+ fingerprint_sha256\s+= \(known after apply\)/);
    assert.match(plan.stdout, /\+ certificate_pem\s+= \(known after apply\)/);
    tf.writeConfig(generated(30));
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    const x509 = new X509Certificate(first.certificate_pem);
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(x509.subjectAltName ?? '', /DNS:mx\.example\.test/);
    assert.equal(first.fingerprint_sha256, x509.fingerprint256);
    assert.equal(Math.round((Date.parse(first.not_after) - Date.parse(first.not_before)) / 86_400_000), 30);
    assert.equal(first.private_key_pem_wo, null);
    assert.doesNotMatch(tf.stateFile(), /PRIVATE KEY/);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    tf.writeConfig(generated(60));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.equal(replace.code, 2);
    assert.match(replace.stdout, /must be replaced[\s\S]+~ validity_days\s+= 30 -> 60 # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    const second = await values(tf);
    assert.notEqual(second.fingerprint_sha256, first.fingerprint_sha256);
    assert.equal((await acc.relay.api('GET', `/v1/certificates/${first.id}`)).status, 404, 'the old certificate is gone');

    const server = await acc.relay.api('POST', '/v1/virtual-servers', { name: 'tls', port: await freePort(), tls: { certificate_id: second.id } });
    assert.equal(server.status, 201, server.text);
    const inUse = await tf.run('destroy', '-auto-approve');
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /Conflict[\s\S]+used by virtual server/);
    assert.equal((await values(tf)).id, second.id, 'still in state');
    assert.equal((await acc.relay.api('DELETE', `/v1/virtual-servers/${server.body.id}`)).status, 204);

    assert.equal((await acc.relay.api('DELETE', `/v1/certificates/${second.id}`)).status, 204);
    const gone = await tf.run('plan', '-detailed-exitcode');
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stdout, /smtp_certificate\.c will be created/);
    await tf.ok('apply', '-auto-approve');
    const third = await values(tf);

    const byId = await acc.workspace();
    byId.writeConfig(generated(60));
    await byId.ok('import', 'smtp_certificate.c', third.id);
    assert.deepEqual(await values(byId), third);
    assert.equal((await byId.run('plan', '-detailed-exitcode')).code, 0, 'an imported generated certificate plans clean');
    await tf.ok('destroy', '-auto-approve');
  });

  test('imported PEM: facts read from the certificate, key never in state, replace on key version, import by id', async () => {
    const tf = await acc.workspace();
    makePem(tf.dir);
    tf.writeConfig(imported(1));
    await tf.ok('apply', '-auto-approve');
    const first = await values(tf);
    assert.equal(first.common_name, 'import.example.test');
    assert.deepEqual(first.subject_alternative_names, ['alt.example.test']);
    assert.equal(first.key_algorithm, 'ECDSA_P256');
    assert.equal(first.validity_days, 10);
    assert.equal(first.private_key_pem_wo_version, 1);
    assert.doesNotMatch(tf.stateFile(), /PRIVATE KEY/, 'the private key is not in state');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no changes after apply');

    const byId = await acc.workspace();
    writeFileSync(join(byId.dir, 'cert.pem'), first.certificate_pem);
    byId.writeConfig(imported(1).replace(/\n.*private_key_pem_wo .*\n/, '\n'));
    await byId.ok('import', 'smtp_certificate.c', first.id);
    assert.equal((await byId.run('plan', '-detailed-exitcode')).code, 0, 'import by id plans clean without the key');

    tf.writeConfig(imported(2));
    const replace = await tf.run('plan', '-detailed-exitcode');
    assert.match(replace.stdout, /~ private_key_pem_wo_version\s+= 1 -> 2 # forces replacement/);
    await tf.ok('apply', '-auto-approve');
    assert.notEqual((await values(tf)).id, first.id);
    assert.doesNotMatch(tf.stateFile(), /PRIVATE KEY/);
    await tf.ok('destroy', '-auto-approve');
  });

  test('names read back as written: the common name among the alternative names and an IPv6 address in capitals apply and then plan clean', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(`
resource "smtp_certificate" "c" {
  name                      = "names"
  common_name               = "mail.example.test"
  subject_alternative_names = ["mail.example.test", "mx.example.test", "2001:DB8::1"]
  key_algorithm             = "ECDSA_P256"
}`);
    await tf.ok('apply', '-auto-approve');
    const state = await values(tf);
    assert.deepEqual(state.subject_alternative_names, ['mail.example.test', 'mx.example.test', '2001:DB8::1']);
    assert.equal(new X509Certificate(state.certificate_pem).subjectAltName, 'DNS:mail.example.test, DNS:mx.example.test, IP Address:2001:DB8:0:0:0:0:0:1');
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0, 'no perpetual diff');
    await tf.ok('destroy', '-auto-approve');
  });

  test('invalid configuration is a diagnostic naming the attribute', async () => {
    const tf = await acc.workspace();
    makePem(tf.dir);
    tf.writeConfig(`
resource "smtp_certificate" "bad" {
  name                      = "bad"
  common_name               = "mail.example.test"
  subject_alternative_names = ["ok.example.test", "not a host"]
  key_algorithm             = "DSA_1024"
  validity_days             = 0
}

resource "smtp_certificate" "no_name" {
  name = "nothing to generate"
}

resource "smtp_certificate" "key_without_pem" {
  name               = "key"
  common_name        = "mail.example.test"
  private_key_pem_wo = file("\${path.module}/key.pem")
}`);
    const result = await tf.run('plan');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /subject_alternative_names\[1\] value must be a DNS name or an IP\s+address without a zone/);
    assert.match(result.stderr, /key_algorithm\s+= "DSA_1024"[\s\S]+value must be one of/);
    assert.match(result.stderr, /validity_days\s+= 0[\s\S]+between 1 and 3650/);
    assert.match(result.stderr, /"no_name"[\s\S]+"common_name" is required to generate a certificate/);
    assert.match(result.stderr, /private_key_pem_wo\s+= file[\s\S]+is only allowed together with\s+"certificate_pem"/);

    tf.writeConfig(imported(1).replace(/\n.*private_key_pem_wo .*\n/, '\n'));
    const noKey = await tf.run('apply', '-auto-approve');
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /Missing private key[\s\S]+private_key_pem_wo is\s+required/);
    assert.equal((await acc.relay.api('GET', '/v1/certificates')).body.items.length, 0, 'nothing was created');
  });
});
