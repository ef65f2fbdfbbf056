// Bundles the provider into ONE executable file: provider/dist/terraform-provider-smtp.cjs (CommonJS behind a /bin/sh launcher line).
// Usage: node provider/scripts/build.mjs        (npm run provider:build)
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first two lines of the executable, read by /bin/sh and skipped by Node (a hashbang, then a string
 * statement and a comment). Node reads NODE_EXTRA_CA_CERTS at start-up, before any code runs: parsing a
 * system bundle (e.g. /etc/ssl/certs/ca-certificates.crt) costs ~80 ms, paid by every provider process
 * Terraform starts, most of which never open an HTTPS connection. The launcher hands the file name over in
 * SMTP_PROVIDER_EXTRA_CA_CERTS instead; the API client adds those certificates when it connects over HTTPS.
 */
const launcher = [
  '#!/bin/sh',
  '":" //; SMTP_PROVIDER_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-}"; export SMTP_PROVIDER_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"',
  '',
].join('\n');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// .cjs: inside this "type": "module" package an extensionless file would load as ESM.
export const outfile = join(root, 'dist', 'terraform-provider-smtp.cjs');

/**
 * The provider as one CommonJS program with no imports but Node's built-ins (what build-sea.mjs embeds) and its SHA-256.
 */
export async function bundleProvider() {
  const bundled = await build({
    entryPoints: [join(root, 'src', 'main.ts')],
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    // CommonJS: the installed binary has no extension and no package.json beside it.
    format: 'cjs',
    // import() of a built-in becomes a deferred require(): the loader runs the bundle through vm.Script,
    // which has no dynamic-import hook.
    supported: { 'dynamic-import': false },
    minify: true, // less to parse at start-up
    legalComments: 'none',
    logLevel: 'warning',
  });
  const text = bundled.outputFiles[0].text;
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

/** Bundles to `target` (default provider/dist/terraform-provider-smtp.cjs) behind the launcher and returns its path. */
export async function buildProvider(target = outfile) {
  const { text, hash } = await bundleProvider();
  // One file: the launcher, the code-cache loader, and the bundle as a string the loader compiles.
  const loader = readFileSync(join(root, 'scripts', 'code-cache-loader.cjs'), 'utf8');
  const program = loader
    .replace('const source = __BUNDLE_SOURCE__;', () => `const source = ${JSON.stringify(text)};`)
    .replace('const sourceHash = __BUNDLE_HASH__;', () => `const sourceHash = ${JSON.stringify(hash)};`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${launcher}${program}`);
  chmodSync(target, 0o755);
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildProvider());
}
