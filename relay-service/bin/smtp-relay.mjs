#!/usr/bin/env node
// The smtp-relay executable: runs the built JavaScript in relay-service/dist/ (scripts/build.mjs; `npm ci` builds it), no TypeScript loader.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('smtp-relay: relay-service/dist/ is missing: run `npm run build` (npm ci runs it), or `npm run dev` to run the TypeScript sources with tsx');
  process.exit(2);
}
// Before the bundle loads: stack traces then name the TypeScript files and lines (dist/*.js.map). The cluster workers inherit it.
process.setSourceMapsEnabled(true);
await import(cli.href);
