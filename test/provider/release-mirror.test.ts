// Tests the release artifacts (zip, SHA256SUMS, GPG signature, manifest) and the network mirror made from them, served
// over HTTPS on loopback and installed from by the real terraform, on a PATH without node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIRROR_PATH, writeMirror } from '../../provider/scripts/mirror.mjs';
import { h1Hash, zhHash } from '../../provider/scripts/package-hash.mjs';
import { providerVersion, thisPlatform, writeRelease, zipName } from '../../provider/scripts/release.mjs';
import { readZipEntries, zipArchive } from '../../provider/scripts/zip-archive.mjs';
import { seaFileName, seaLauncher } from '../../provider/scripts/sea-package.mjs';
import { startStaticHttpsServer } from '../support/static-https-server.ts';
import { createTestCa } from '../support/test-ca.ts';
import { acceptance, exec, pathWithoutNode, providerExecutable } from '../support/terraform.ts';

const TERRAFORM = process.env.TERRAFORM_BINARY ?? 'terraform';

/** A temp directory removed after the test. */
function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let unsigned: Promise<{ dir: string; zip: string }> | undefined;

/** One unsigned release of the current sources for this file's tests (zipping 100 MB takes seconds), removed at exit. */
function unsignedRelease(): Promise<{ dir: string; zip: string }> {
  unsigned ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-unsigned-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return { dir, zip: (await writeRelease({ out: dir, executable: await providerExecutable() })).zip };
  })();
  return unsigned;
}

/** gpg with `home` as GNUPGHOME; throws with its output unless it exits 0 (or `allowFailure`). */
async function gpg(home: string, args: string[], allowFailure = false) {
  const result = await exec('gpg', ['--homedir', home, '--batch', ...args], home, { PATH: process.env.PATH, GNUPGHOME: home }, 60_000);
  if (result.code !== 0 && !allowFailure) throw new Error(`gpg ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result;
}

test('release: zip, SHA256SUMS signed by the given GPG key, registry manifest; two runs give the same bytes', async (t) => {
  const executable = await providerExecutable();
  const home = mkdtempSync(join(tmpdir(), 'gpg-'));
  // gpg starts an agent for the key operations; stop that agent (ours, by its home directory), then remove the home.
  t.after(async () => {
    await exec('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], tmpdir(), { PATH: process.env.PATH }, 10_000);
    rmSync(home, { recursive: true, force: true });
  });
  await gpg(home, ['--passphrase', '', '--pinentry-mode', 'loopback', '--quick-gen-key', 'Relayform release test <release@example.invalid>', 'ed25519', 'sign', '1d']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec((await gpg(home, ['--with-colons', '--list-secret-keys'])).stdout)?.[1];
  assert.ok(fingerprint, 'the generated key has a fingerprint');

  const out = tempDir(t, 'release-');
  const written = await writeRelease({ out, executable, gpgKey: fingerprint, gpgHome: home });
  const again = await unsignedRelease();
  const version = providerVersion;
  assert.deepEqual(readdirSync(out).sort(), [
    `terraform-provider-smtp_${version}_SHA256SUMS`, `terraform-provider-smtp_${version}_SHA256SUMS.sig`,
    `terraform-provider-smtp_${version}_${thisPlatform}.zip`, `terraform-provider-smtp_${version}_manifest.json`,
    'terraform-registry-manifest.json',
  ].sort());

  const zip = readFileSync(written.zip);
  assert.ok(zip.equals(readFileSync(again.zip)), 'the same executable gives the same zip bytes');
  const entries = await readZipEntries(zip);
  // Sorted by name: the executable under a name Terraform does not run, and the launcher it does (sea-package.mjs).
  assert.deepEqual(entries.map((e) => e.name), [seaFileName, `terraform-provider-smtp_v${version}`]);
  assert.ok(entries[0].data.equals(readFileSync(executable)), 'the zip carries the self-contained executable');
  assert.equal(entries[1].data.toString(), seaLauncher, 'and the launcher that starts it');

  assert.equal(readFileSync(written.sums, 'utf8'), [
    `${zhHash(zip).slice(3)}  ${zipName(version, thisPlatform)}\n`,
    `${zhHash(readFileSync(written.releaseManifest)).slice(3)}  terraform-provider-smtp_${version}_manifest.json\n`,
  ].join(''), 'sorted by name');
  // Another platform's executable zipped into the same directory: one SHA256SUMS lists both zips.
  const other = await writeRelease({ out, executable: written.releaseManifest, platform: 'windows_amd64' });
  assert.deepEqual((await readZipEntries(readFileSync(other.zip))).map((e) => e.name), [`terraform-provider-smtp_v${version}.exe`]);
  assert.deepEqual(readFileSync(other.sums, 'utf8').split('\n').map((l) => l.split('  ')[1]),
    [`terraform-provider-smtp_${version}_linux_amd64.zip`, `terraform-provider-smtp_${version}_manifest.json`, `terraform-provider-smtp_${version}_windows_amd64.zip`, undefined]);
  await writeRelease({ out, executable, gpgKey: fingerprint, gpgHome: home }); // signs the SHA256SUMS of both
  assert.deepEqual(JSON.parse(readFileSync(written.manifest, 'utf8')), { version: 1, metadata: { protocol_versions: ['6.0'] } });

  const signature = readFileSync(written.signature!);
  assert.notEqual(signature.subarray(0, 5).toString(), '-----', 'a binary signature, not ASCII armour');
  const verified = await gpg(home, ['--verify', written.signature!, written.sums]);
  assert.match(verified.stderr, /Good signature from "Relayform release test/);
  writeFileSync(written.sums, readFileSync(written.sums, 'utf8').replace(/^./, (c) => (c === '0' ? '1' : '0')));
  const forged = await gpg(home, ['--verify', written.signature!, written.sums], true);
  assert.notEqual(forged.code, 0);
  assert.match(forged.stderr, /BAD signature/);
});

test('h1 is the dirhash of the zip\'s contents: the same for any zip of the same files', async () => {
  const files = [{ name: 'b', data: Buffer.from('two\n') }, { name: 'a', data: Buffer.from('one\n') }];
  const zip = await zipArchive(files);
  // Worked out by hand from the algorithm: SHA-256 of "<sha256(a)>  a\n<sha256(b)>  b\n", base64.
  const line = (data: string, name: string) => `${createHash('sha256').update(data).digest('hex')}  ${name}\n`;
  assert.equal(await h1Hash(zip), `h1:${createHash('sha256').update(line('one\n', 'a') + line('two\n', 'b')).digest('base64')}`);
  assert.equal(await h1Hash(await zipArchive([...files].reverse().map((f) => ({ ...f, mode: 0o755 })))), await h1Hash(zip));
  assert.notEqual(await h1Hash(await zipArchive([files[0], { name: 'a', data: Buffer.from('one!\n') }])), await h1Hash(zip));
  assert.notEqual(zhHash(await zipArchive([{ ...files[0], mode: 0o755 }, files[1]])), zhHash(zip), 'zh: covers the zip bytes, modes included');
  const damaged = Buffer.from(zip);
  damaged[30 + 1 + 2] ^= 0xff; // a byte of the first entry's deflated data (after its 30-byte header and 1-byte name)
  await assert.rejects(readZipEntries(damaged), /zip checksum error|invalid|incorrect|distance/i);
});

test('a zip\'s bytes do not depend on the time zone it is made in: fixed MS-DOS times, no UTC timestamp field', async (t) => {
  const zone = process.env.TZ;
  t.after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  const files = [{ name: 'terraform-provider-smtp', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 }];
  const made: Buffer[] = [];
  for (const tz of ['UTC', 'Pacific/Kiritimati', 'America/Adak']) { // UTC, UTC+14, UTC-10
    process.env.TZ = tz;
    made.push(await zipArchive(files));
  }
  assert.ok(made.every((zip) => zip.equals(made[0])), 'the same bytes in UTC, UTC+14 and UTC-10');
  const zip = made[0];
  assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a local file header first');
  assert.deepEqual([zip.readUInt16LE(10), zip.readUInt16LE(12)], [0, (1 << 5) | 1], 'DOS time 00:00:00, date 1980-01-01');
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  assert.equal(zip.readUInt16LE(central + 30), 0, 'no extra field (no extended timestamp) in the central directory');
  assert.equal(zip.readUInt32LE(central + 38) >>> 16, 0o100755, 'a regular file with mode 0755');
});

if (!acceptance.enabled) {
  test('terraform init from the HTTPS network mirror', { skip: acceptance.skipReason }, () => {});
} else {
  test('terraform init installs from the HTTPS network mirror on a PATH without node, records h1, verifies it, refuses a tampered zip', async (t) => {
    const root = tempDir(t, 'mirror-');
    const release = (await unsignedRelease()).dir;
    const served = join(root, 'served');
    const documents = await writeMirror(served, release);
    const archive = documents[providerVersion].archives[thisPlatform];
    assert.deepEqual(JSON.parse(readFileSync(join(served, ...MIRROR_PATH, 'index.json'), 'utf8')), { versions: { [providerVersion]: {} } });
    const [h1, zh] = archive.hashes;
    assert.match(h1, /^h1:[A-Za-z0-9+/]{43}=$/);
    assert.equal(zh, zhHash(readFileSync(join(release, archive.url))));

    const ca = createTestCa('Relayform mirror test CA');
    const server = await startStaticHttpsServer(served, ca.issue(['127.0.0.1']));
    t.after(() => server.stop());
    writeFileSync(join(root, 'ca.pem'), ca.certPem);
    writeFileSync(join(root, 'terraform.rc'), [
      'provider_installation {',
      '  network_mirror {',
      `    url     = "${server.url}"`,
      '    include = ["registry.terraform.io/relayform/*"]',
      '  }',
      '}',
      '',
    ].join('\n'));
    const PATH = pathWithoutNode();
    // Only what a CI runner with Terraform alone would have: no node on PATH, our CA as the only trusted one.
    const env = { PATH, HOME: root, TF_CLI_CONFIG_FILE: join(root, 'terraform.rc'), SSL_CERT_FILE: join(root, 'ca.pem'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    assert.notEqual((await exec('/bin/sh', ['-c', 'command -v node'], root, env, 10_000)).code, 0, 'node is not on this PATH');

    const workdir = (name: string) => {
      const dir = join(root, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'main.tf'), [
        'terraform {',
        `  required_providers {\n    smtp = { source = "relayform/smtp", version = "${providerVersion}" }\n  }`,
        '}',
        'provider "smtp" {}',
        '',
      ].join('\n'));
      return dir;
    };
    const terraform = (dir: string, ...args: string[]) => exec(TERRAFORM, [...args, '-no-color'], dir, env, 120_000);

    const first = workdir('first');
    const init = await terraform(first, 'init', '-input=false');
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.match(init.stdout, new RegExp(`Installed relayform/smtp v${providerVersion.replace(/\./g, '\\.')}`));
    assert.ok(server.requests.includes(`/${MIRROR_PATH.join('/')}/${archive.url}`), `fetched the zip: ${server.requests.join(' ')}`);
    const lock = readFileSync(join(first, '.terraform.lock.hcl'), 'utf8');
    assert.ok(lock.includes(`"${h1}"`), `the lock file records the mirror's h1 hash:\n${lock}`);
    // The installed provider runs: validate asks it for its schema (no node anywhere on PATH).
    const validate = await terraform(first, 'validate');
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);

    // A second machine: a clean directory with the committed lock file verifies the package against it.
    const second = workdir('second');
    copyFileSync(join(first, '.terraform.lock.hcl'), join(second, '.terraform.lock.hcl'));
    const verified = await terraform(second, 'init', '-input=false');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.equal(readFileSync(join(second, '.terraform.lock.hcl'), 'utf8'), lock, 'the lock file is unchanged');

    // A byte of the served zip flipped in transit or on disk: the package cannot even be read back to be hashed.
    const servedZip = join(served, ...MIRROR_PATH, archive.url);
    const original = readFileSync(servedZip);
    const flipped = Buffer.from(original);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    writeFileSync(servedZip, flipped);
    const third = workdir('third');
    copyFileSync(join(first, '.terraform.lock.hcl'), join(third, '.terraform.lock.hcl'));
    const corrupt = await terraform(third, 'init', '-input=false');
    assert.notEqual(corrupt.code, 0, corrupt.stdout);
    assert.match(corrupt.stderr.replace(/\s+/g, ' '), /Error while installing relayform\/smtp v[\d.]+: failed to verify provider package checksums/);

    // A well-formed zip whose executable differs in one byte (re-zipped, CRCs right): its h1 is not in the lock file.
    const [entry] = await readZipEntries(original);
    entry.data[entry.data.length - 1] ^= 0xff;
    writeFileSync(servedZip, await zipArchive([{ ...entry, mode: 0o755 }]));
    const fourth = workdir('fourth');
    copyFileSync(join(first, '.terraform.lock.hcl'), join(fourth, '.terraform.lock.hcl'));
    const refused = await terraform(fourth, 'init', '-input=false');
    assert.notEqual(refused.code, 0, refused.stdout);
    assert.match(refused.stderr.replace(/\s+/g, ' '), /Error while installing relayform\/smtp v[\d.]+: provider package doesn't match the any of the expected checksums/);
  });
}
