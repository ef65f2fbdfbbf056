// Builds the self-contained provider executable: Node's single executable application (a copy of the node binary with
// the provider bundle and its V8 code cache injected by postject), so the target machine needs no Node.
// Usage: node provider/scripts/build-sea.mjs [--out FILE] [--node FILE]   (npm run provider:sea)
//   FILE defaults to provider/dist/terraform-provider-smtp; --node: the node binary to copy (default: this one).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { bundleProvider } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const seaOutfile = join(here, '..', 'dist', 'terraform-provider-smtp');
const postjectCli = createRequire(import.meta.url).resolve('postject/dist/cli.js');
// The fuse Node's binary carries (docs: Single executable applications); postject flips it when it injects the blob.
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function run(command, args, cwd) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd });
  // postject's ELF library warns about every .note section it cannot name: only worth showing when it failed.
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

/**
 * Writes the executable to `target` from the bundle `text`, with `node` (a node binary of the same version as the one
 * running this script: the blob's code cache is V8's) as the base. The blob is made with a fixed V8 random seed, which
 * makes the code cache byte-for-byte reproducible (the seed only lives in the building process; the cache is accepted
 * by any Node of the same version).
 */
function writeSea(text, target, node) {
  const work = mkdtempSync(join(tmpdir(), 'provider-sea-'));
  try {
    writeFileSync(join(work, 'main.cjs'), text);
    writeFileSync(join(work, 'sea-config.json'), JSON.stringify({
      // Relative (to the working directory): the blob records the name, and a temp directory's would vary.
      main: 'main.cjs',
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      // V8's compiled code for the bundle's top level, made at build time: start-up skips parsing most of the bundle.
      useCodeCache: true,
    }));
    run(process.execPath, ['--random-seed=1', '--experimental-sea-config', 'sea-config.json'], work);
    const binary = join(work, 'terraform-provider-smtp');
    copyFileSync(node, binary);
    chmodSync(binary, 0o755);
    run(process.execPath, [postjectCli, binary, 'NODE_SEA_BLOB', join(work, 'sea.blob'), '--sentinel-fuse', SEA_FUSE]);
    mkdirSync(dirname(target), { recursive: true });
    // Rename (same directory) so a reader never sees a half-written executable.
    const temp = `${target}.${process.pid}.tmp`;
    copyFileSync(binary, temp);
    renameSync(temp, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/** Bundles the provider and writes its self-contained executable to `target`; resolves to the path. */
export async function buildSea(target = seaOutfile, node = process.execPath) {
  return writeSea((await bundleProvider()).text, target, node);
}

/**
 * The executable for the current sources from `cacheDir`, built there first when missing: keyed on the bundle, this
 * Node and postject, so every test process of one run shares one build. Concurrent callers wait for the one building.
 */
export async function cachedSea(cacheDir) {
  const { text, hash } = await bundleProvider();
  const postjectVersion = JSON.parse(readFileSync(join(dirname(postjectCli), '..', 'package.json'), 'utf8')).version;
  const key = createHash('sha256').update(`${hash}\n${process.version}\n${postjectVersion}\n${readFileSync(fileURLToPath(import.meta.url))}`).digest('hex').slice(0, 24);
  const target = join(cacheDir, `terraform-provider-smtp-${key}`);
  const lock = `${target}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  for (const started = Date.now(); !existsSync(target);) {
    try {
      mkdirSync(lock);
    } catch {
      // Another process builds it; a lock older than five minutes belongs to one that died.
      try { if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true }); } catch { /* gone meanwhile */ }
      if (Date.now() - started > 600_000) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (!existsSync(target)) {
        writeSea(text, target, process.execPath);
        // Builds of other sources (~100 MB each) go after an hour unused; hard links into test mirrors keep theirs.
        for (const name of readdirSync(cacheDir)) {
          const file = join(cacheDir, name);
          try { if (file !== target && /^terraform-provider-smtp-[0-9a-f]+$/.test(name) && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true }); } catch { /* gone meanwhile */ }
        }
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  try { utimesSync(target, new Date(), new Date()); } catch { /* pruned by another run: the caller's link or copy failing says so */ }
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, node: { type: 'string' } } });
  const started = performance.now();
  const target = await buildSea(values.out ? resolve(values.out) : seaOutfile, values.node ? resolve(values.node) : process.execPath);
  console.log(`${target} (${(statSync(target).size / 1e6).toFixed(1)} MB, built in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
