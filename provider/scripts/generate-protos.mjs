// Generates the protobufjs JSON descriptors the provider loads at start (no .proto parsing at run time):
//   provider/src/plugin/generated/go-plugin.json    go-plugin side services + gRPC health
//   provider/src/protocol/generated/tfplugin6.json  Terraform plugin protocol 6
// Usage: node provider/scripts/generate-protos.mjs [--check]   (--check fails when a file is stale)
import protobuf from 'protobufjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const protoDir = join(here, '..', 'proto');
const outputs = [
  { files: ['go-plugin.proto', 'health.proto'], out: join(here, '..', 'src', 'plugin', 'generated', 'go-plugin.json') },
  { files: ['tfplugin6.proto'], out: join(here, '..', 'src', 'protocol', 'generated', 'tfplugin6.json') },
];

let stale = false;
for (const { files, out } of outputs) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoDir, target);
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  const text = JSON.stringify(root.toJSON(), null, 1) + '\n';
  if (!process.argv.includes('--check')) {
    writeFileSync(out, text);
    continue;
  }
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* a missing file is stale */ }
  if (current !== text) {
    console.error(`${out} is stale: run node provider/scripts/generate-protos.mjs`);
    stale = true;
  }
}
process.exit(stale ? 1 : 0);
