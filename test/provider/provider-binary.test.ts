// Tests the built provider executables the way Terraform starts them: the cookie check and the handshake line of the
// self-contained executable the acceptance tests install, the launcher's code cache, and that the acceptance harness
// runs terraform with no node on PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAGIC_COOKIE_VALUE } from '../../provider/src/plugin/handshake.ts';
import { createPluginCertificate } from '../../provider/src/plugin/self-signed-certificate.ts';
import { buildProvider } from '../../provider/scripts/build.mjs';
import { providerVersion, thisPlatform } from '../../provider/scripts/release.mjs';
import { seaFileName, seaLauncher } from '../../provider/scripts/sea-package.mjs';
import { acceptance, exec, installProviderOnce, providerExecutable, terraformWorkspace } from '../support/terraform.ts';

test('started by hand, it explains itself on stderr and exits 1 with nothing on stdout', async () => {
  const { binary } = await installProviderOnce();
  const result = await exec(binary, [], process.cwd(), { PATH: process.env.PATH }, 10_000);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /This binary is a plugin/);
});

test('started with the cookie, stdout carries exactly one handshake line with a verifiable certificate', async (t) => {
  const { binary } = await installProviderOnce();
  const client = createPluginCertificate();
  const child = spawn(binary, [], {
    env: { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: client.certPem },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  const deadline = Date.now() + 10_000;
  while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100)); // anything else written right after would show up now
  const lines = stdout.split('\n');
  assert.equal(lines.length, 2, 'one line, newline-terminated');
  assert.equal(lines[1], '');
  const [core, app, network, address, protocol, cert] = lines[0].split('|');
  assert.deepEqual([core, app, network, protocol], ['1', '6', 'unix', 'grpc']);
  assert.ok(existsSync(address), 'the socket exists');
  assert.doesNotMatch(cert, /=/);
  const x509 = new X509Certificate(Buffer.from(cert, 'base64'));
  assert.equal(x509.subjectAltName, 'DNS:localhost');
  assert.ok(x509.verify(x509.publicKey));

  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(existsSync(address), false, 'SIGTERM removes the socket');
});

test('a host without protocol 6 is refused', async () => {
  const { binary } = await installProviderOnce();
  const result = await exec(binary, [], process.cwd(), { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' }, 10_000);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /protocol 6/);
});

test('the launcher\'s V8 code cache is written once per user and build, and only into a private directory', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'provider-cache-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const binary = await buildProvider(join(home, 'provider.cjs'));
  const env = { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', XDG_CACHE_HOME: home };
  const runFor = async (ms: number) => {
    const child = spawn(binary, [], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  const cacheDir = join(home, 'terraform-provider-smtp');
  for (let waited = 0; waited < 10_000 && !(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.v8cache'))); waited += 1500) await runFor(1500);
  const files = readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));
  assert.equal(files.length, 1);
  assert.ok(files[0].endsWith(`-node${process.version}.v8cache`), files[0]);

  const shared = mkdtempSync(join(tmpdir(), 'provider-cache-shared-'));
  t.after(() => rmSync(shared, { recursive: true, force: true }));
  mkdirSync(join(shared, 'terraform-provider-smtp'));
  chmodSync(join(shared, 'terraform-provider-smtp'), 0o777);
  env.XDG_CACHE_HOME = shared;
  await runFor(1500);
  assert.deepEqual(readdirSync(join(shared, 'terraform-provider-smtp')), [], 'a directory others may write is not used');
});

test('the self-contained executable starts with no node on PATH and an empty environment otherwise', async () => {
  const binary = await providerExecutable();
  assert.notEqual(readFileSync(binary).subarray(0, 2).toString(), '#!', 'not the /bin/sh launcher');
  const result = await exec(binary, [], tmpdir(), { TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' }, 10_000);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /protocol 6/);
});

if (!acceptance.enabled) {
  test('acceptance workspaces run terraform without node', { skip: acceptance.skipReason }, () => {});
} else {
  test('acceptance workspaces run terraform on a PATH without node, with the self-contained executable installed', async (t) => {
    const tf = await terraformWorkspace();
    t.after(() => tf.dispose());
    assert.equal((await exec('/bin/sh', ['-c', 'command -v node'], tf.dir, { PATH: process.env.PATH }, 10_000)).code, 0, 'node is on the test process\'s PATH');
    const probe = await exec('/bin/sh', ['-c', 'command -v terraform && ! command -v node'], tf.dir, tf.env, 10_000);
    assert.equal(probe.code, 0, `terraform and no node on the workspace's PATH: ${probe.stdout}${probe.stderr}`);
    tf.writeConfig('');
    await tf.ok('validate'); // starts the provider for its schema
    const installed = join(tf.dir, '.terraform', 'providers', 'registry.terraform.io', 'relayform', 'smtp', providerVersion, thisPlatform);
    assert.equal(readFileSync(join(installed, `terraform-provider-smtp_v${providerVersion}`), 'utf8'), seaLauncher, 'terraform runs the launcher of the package');
    assert.equal(statSync(join(installed, seaFileName)).ino, statSync(await providerExecutable()).ino, 'which starts the self-contained executable beside it');
  });
}
