// Runs every *.test.ts under the given folders (default: the whole repo) with node's test runner and tsx.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const skip = new Set(['node_modules', '.git', 'dist', 'generated', '.gen', '.relay-data']);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = (roots.length ? roots : ['schema', 'x509', 'relay-service', 'provider', 'test']).flatMap((r) =>
  statSync(r).isDirectory() ? collect(r, []) : [r]).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Tests that run the relay as production does (relay-service/bin/smtp-relay.mjs) need its build of the current sources.
const build = spawnSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), '..', 'relay-service', 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' });
process.exit(result.status ?? 1);
