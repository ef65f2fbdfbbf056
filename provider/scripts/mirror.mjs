// Lays out a Terraform provider network mirror (the provider network mirror protocol) from release zips, to be served
// by any static HTTPS server and named in a CLI config's `provider_installation { network_mirror { url = ... } }`:
//   DIR/registry.terraform.io/relayform/smtp/index.json        {"versions":{"<version>":{}}}
//   DIR/registry.terraform.io/relayform/smtp/<version>.json    {"archives":{"<os>_<arch>":{"url":"<zip>","hashes":["h1:...","zh:..."]}}}
//   DIR/registry.terraform.io/relayform/smtp/<zip>             (each url is relative to its <version>.json)
// Usage: node provider/scripts/mirror.mjs DIR [--release RELEASE_DIR]   (npm run provider:mirror -- DIR)
//   RELEASE_DIR: artifacts from provider:release; without it this platform's release is built first (unsigned).
//   Versions already in DIR stay listed.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildSea } from './build-sea.mjs';
import { h1Hash, zhHash } from './package-hash.mjs';
import { writeRelease } from './release.mjs';

/** Where the mirror serves relayform/smtp: Terraform asks for <hostname>/<namespace>/<type>/ under the mirror's URL. */
export const MIRROR_PATH = ['registry.terraform.io', 'relayform', 'smtp'];
const ZIP = /^terraform-provider-smtp_([^_]+)_([a-z0-9]+_[a-z0-9]+)\.zip$/;

/** Adds every provider zip in `releaseDir` to the mirror in `dir`; resolves to the <version>.json documents written. */
export async function writeMirror(dir, releaseDir) {
  const base = join(dir, ...MIRROR_PATH);
  mkdirSync(base, { recursive: true });
  const byVersion = new Map();
  for (const name of readdirSync(releaseDir).sort()) {
    const match = ZIP.exec(name);
    if (!match) continue;
    const [, version, platform] = match;
    const zip = readFileSync(join(releaseDir, name));
    copyFileSync(join(releaseDir, name), join(base, name));
    const archives = byVersion.get(version) ?? {};
    archives[platform] = { url: name, hashes: [await h1Hash(zip), zhHash(zip)] };
    byVersion.set(version, archives);
  }
  if (byVersion.size === 0) throw new Error(`no terraform-provider-smtp_<version>_<os>_<arch>.zip in ${releaseDir}`);
  const indexFile = join(base, 'index.json');
  const index = existsSync(indexFile) ? JSON.parse(readFileSync(indexFile, 'utf8')) : { versions: {} };
  const written = {};
  for (const [version, archives] of byVersion) {
    const versionFile = join(base, `${version}.json`);
    // Other platforms of the same version (from another machine's release) stay.
    const previous = existsSync(versionFile) ? JSON.parse(readFileSync(versionFile, 'utf8')).archives : {};
    written[version] = { archives: { ...previous, ...archives } };
    writeFileSync(versionFile, `${JSON.stringify(written[version], null, 2)}\n`);
    index.versions[version] = {};
  }
  writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { release: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: npm run provider:mirror -- DIR [--release RELEASE_DIR]');
    process.exit(2);
  }
  const dir = resolve(positionals[0]);
  const temp = values.release ? undefined : mkdtempSync(join(tmpdir(), 'provider-mirror-'));
  try {
    let releaseDir = values.release && resolve(values.release);
    if (!releaseDir) {
      releaseDir = join(temp, 'release');
      await writeRelease({ out: releaseDir, executable: await buildSea(join(temp, 'terraform-provider-smtp')) });
    }
    const written = await writeMirror(dir, releaseDir);
    console.log(`${join(dir, ...MIRROR_PATH)}: ${Object.keys(written).join(', ')}`);
    console.log(`CLI config: provider_installation { network_mirror { url = "https://<this directory, served over HTTPS>/" } }`);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
