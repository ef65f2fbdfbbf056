// Builds the relay's production JavaScript and its web console into relay-service/dist/ (esbuild, as provider/scripts/build.mjs): what `npm start` and bin/smtp-relay.mjs run.
// Usage: node relay-service/scripts/build.mjs [--if-stale]      (npm run build; npm ci runs it as `prepare`)
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
export const distDir = join(root, 'dist');
/** Written last: lists the build's inputs (repo-relative); its mtime is the build's. */
const manifestFile = join(distDir, 'inputs.json');

/**
 * The entry points. Every output lands in dist/ itself (no subfolders), so `new URL('./worker-main.js', import.meta.url)`
 * and `new URL('./wal-checkpoint-worker.mjs', import.meta.url)` in any bundled module name their siblings in dist/.
 */
const entryPoints = {
  cli: join(root, 'src', 'cli.ts'),
  'worker-main': join(root, 'src', 'cluster', 'worker-main.ts'),
};
/** Plain JavaScript started as a worker thread by URL; copied as it is. */
const copied = [join(root, 'src', 'store', 'sqlite', 'wal-checkpoint-worker.mjs')];

/**
 * The web console (relay-service/console/): Preact with TSX and plain CSS, bundled for the browser into dist/console/,
 * which the management API serves at /console (api/console/console-routes.ts); nothing is fetched from elsewhere.
 */
const consoleDir = join(root, 'console');
const consoleEntryPoints = [
  { in: join(consoleDir, 'src', 'main.tsx'), out: 'app' },
  { in: join(consoleDir, 'styles', 'app.css'), out: 'app' },
  { in: join(consoleDir, 'styles', 'login.css'), out: 'login' },
];

/**
 * The workspaces (`@relayform/schema`, `@relayform/x509`) are TypeScript and go into the bundle; every other bare import
 * (express, smtp-server, better-sqlite3 with its native addon, pg with its optional pg-native, ...) stays a plain import
 * that Node resolves from node_modules at run time, so those packages run exactly as published.
 */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@relayform/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Bundles into a fresh folder and swaps it in with two renames, so a process starting meanwhile sees the old build or
 * the new one (or, between the renames, none), never half of each. Returns the output directory.
 */
export async function buildRelay() {
  const { build } = await import('esbuild');
  const staging = `${distDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: staging,
    bundle: true,
    splitting: true, // the primary and the cluster workers share one copy of the data plane (a chunk)
    format: 'esm',
    platform: 'node',
    target: 'node20',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    // Linked source maps pointing at the TypeScript files (not embedded): stack traces name src/ files and lines.
    sourcemap: 'linked',
    sourcesContent: false,
    // Not minified: without source maps a stack trace still shows readable names and code.
    plugins: [npmPackagesExternal],
    metafile: true,
    logLevel: 'warning',
  });
  for (const file of copied) copyFileSync(file, join(staging, file.split('/').pop()));
  const app = await build({
    entryPoints: consoleEntryPoints,
    outdir: join(staging, 'console'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...Object.keys(app.metafile.inputs), ...copied.map((file) => relative(process.cwd(), file))]
    .map((input) => relative(repo, join(process.cwd(), input))).sort();
  writeFileSync(join(staging, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  const old = `${distDir}.old-${process.pid}`;
  // Another build running at the same time (two test runs) may move dist/ first: its output is as fresh as this one.
  try { renameSync(distDir, old); } catch (error) { if (error.code !== 'ENOENT') throw error; }
  try { renameSync(staging, distDir); } catch (error) { if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error; }
  rmSync(old, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
  return distDir;
}

/** True when dist/ exists and no input of its build (nor this script) changed since; a deleted input also counts as a change. */
export function relayBuildIsCurrent() {
  if (!existsSync(manifestFile)) return false;
  const built = statSync(manifestFile).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(manifestFile, 'utf8')).map((input) => join(repo, input)), fileURLToPath(import.meta.url)];
  return inputs.every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && relayBuildIsCurrent()) process.exit(0);
  const started = performance.now();
  console.error(`relay build: ${relative(process.cwd(), await buildRelay()) || '.'} in ${Math.round(performance.now() - started)} ms`);
}
