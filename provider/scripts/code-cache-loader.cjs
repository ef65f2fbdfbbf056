// Start-up loader wrapped around the provider bundle by build.mjs: runs the bundle through V8 with a code cache.
// Compiling the ~0.5 MB bundle (and the functions start-up calls) costs tens of milliseconds on every
// Terraform run; with V8's cached data that work is done once per user and provider build.
// The cache lives in ~/.cache/terraform-provider-smtp (mode 0700, owned by the user; never in the
// provider's package directory, whose checksum Terraform verifies). Any cache problem means "no cache".
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS template: runs before any module system but require */
/* global __BUNDLE_SOURCE__, __BUNDLE_HASH__ -- build.mjs puts the bundle's source and its SHA-256 here as string literals */
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const source = __BUNDLE_SOURCE__;
const sourceHash = __BUNDLE_HASH__;
const filename = __filename;

function cacheFile() {
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'terraform-provider-smtp');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  // Cached data is code: only trust a directory that nobody else can write.
  if ((typeof process.getuid === 'function' && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) return undefined;
  // Cached data is only valid for the same source and the same V8.
  return path.join(dir, `${sourceHash.slice(0, 24)}-node${process.version}.v8cache`);
}

let file;
let cachedData;
try {
  file = cacheFile();
  if (file) cachedData = fs.readFileSync(file);
} catch {
  cachedData = undefined;
}

const script = new vm.Script(Module.wrap(source), { filename, cachedData });
const bundleModule = new Module(filename, module);
bundleModule.filename = filename;
bundleModule.paths = module.paths;
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, require, bundleModule, filename, path.dirname(filename));

if (file && (!cachedData || script.cachedDataRejected)) {
  // After start-up, so the cache also holds the functions start-up compiled; off the handshake's path.
  setTimeout(() => {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(temp, file);
      // Each build writes a new file: keep the 8 most recent so the directory stays small.
      const dir = path.dirname(file);
      fs.readdirSync(dir).filter((name) => name.endsWith('.v8cache'))
        .map((name) => ({ name, mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
        .sort((a, b) => b.mtime - a.mtime).slice(8)
        .forEach(({ name }) => fs.rmSync(path.join(dir, name), { force: true }));
    } catch {
      // A read-only home or a full disk only costs speed.
    }
  }, 300).unref();
}
