// Writes the provider's release artifacts in the layout a Terraform registry takes: the platform zip, SHA256SUMS, its
// detached GPG signature and the registry manifest.
// Usage: node provider/scripts/release.mjs --out DIR [--gpg-key KEYID] [--gpg-home DIR] [--executable FILE [--platform OS_ARCH]]
//   (npm run provider:release -- --out DIR ...). Without --gpg-key there is no .sig (a registry will not take that).
//   --executable: zip this self-contained executable instead of building one (build-sea.mjs) for this platform;
//   --platform names the platform it was built for (default this one, e.g. linux_amd64; darwin_arm64, windows_amd64).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildSea } from './build-sea.mjs';
import { zhHash } from './package-hash.mjs';
import { seaPackageFiles } from './sea-package.mjs';
import { zipArchive } from './zip-archive.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const providerVersion = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).version;
const ARCH = { x64: 'amd64', arm64: 'arm64' };
/** This machine's platform as Terraform names it (linux_amd64). */
export const thisPlatform = `${process.platform}_${ARCH[process.arch] ?? process.arch}`;
const MANIFEST = { version: 1, metadata: { protocol_versions: ['6.0'] } };

/** The zip file name a registry and the mirror protocol expect for `version` on `platform`. */
export const zipName = (version, platform) => `terraform-provider-smtp_${version}_${platform}.zip`;

/**
 * Writes the zip of `executable` (built for `platform`) into `out`, and SHA256SUMS over every zip of this version in
 * `out` and the manifest; signs it with `gpgKey` (from `gpgHome` when given) through the gpg on PATH. Resolves to the
 * files written, by role.
 */
export async function writeRelease({ out, executable, gpgKey, gpgHome, platform = thisPlatform }) {
  mkdirSync(out, { recursive: true });
  const version = providerVersion;
  const zip = join(out, zipName(version, platform));
  // Terraform runs terraform-provider-<type>_v<version>[.exe] from the unpacked package (sea-package.mjs).
  const data = readFileSync(executable);
  const archive = await zipArchive(seaPackageFiles(version, platform).map((file) => ({ name: file.name, mode: file.mode, data: file.executable ? data : Buffer.from(file.text) })));
  writeFileSync(zip, archive);
  const manifest = join(out, 'terraform-registry-manifest.json');
  writeFileSync(manifest, `${JSON.stringify(MANIFEST)}\n`);
  // The registry fetches the manifest from the release under this name, listed in SHA256SUMS like the zips.
  const releaseManifest = join(out, `terraform-provider-smtp_${version}_manifest.json`);
  writeFileSync(releaseManifest, `${JSON.stringify(MANIFEST)}\n`);
  const sums = join(out, `terraform-provider-smtp_${version}_SHA256SUMS`);
  // Every platform's zip of this version in `out` (earlier runs with --executable/--platform), so one SHA256SUMS and
  // one signature cover them all, as a registry expects.
  const listed = [basename(releaseManifest), ...readdirSync(out).filter((name) => name.startsWith(`terraform-provider-smtp_${version}_`) && name.endsWith('.zip'))];
  writeFileSync(sums, listed.sort().map((name) => `${zhHash(readFileSync(join(out, name))).slice('zh:'.length)}  ${name}\n`).join(''));
  let signature;
  if (gpgKey) {
    signature = `${sums}.sig`;
    const args = [...(gpgHome ? ['--homedir', gpgHome] : []), '--batch', '--yes', '--local-user', gpgKey, '--output', signature, '--detach-sign', sums];
    const result = spawnSync('gpg', args, { encoding: 'utf8' });
    if (result.error) throw new Error(`gpg: ${result.error.message} (install Debian's gpg package)`);
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed:\n${result.stderr}`);
  }
  return { zip, sums, signature, manifest, releaseManifest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'gpg-key': { type: 'string' }, 'gpg-home': { type: 'string' }, executable: { type: 'string' }, platform: { type: 'string' } } });
  if (!values.out || (values.platform && !values.executable)) {
    console.error('usage: npm run provider:release -- --out DIR [--gpg-key KEYID] [--gpg-home DIR] [--executable FILE [--platform OS_ARCH]]');
    process.exit(2);
  }
  const out = resolve(values.out);
  const build = mkdtempSync(join(tmpdir(), 'provider-release-'));
  let written;
  try {
    const executable = values.executable ? resolve(values.executable) : await buildSea(join(build, 'terraform-provider-smtp'));
    written = await writeRelease({ out, executable, platform: values.platform, gpgKey: values['gpg-key'], gpgHome: values['gpg-home'] && resolve(values['gpg-home']) });
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  for (const file of Object.values(written)) if (file) console.log(file);
  if (!written.signature) console.error('no --gpg-key: SHA256SUMS is not signed');
}
