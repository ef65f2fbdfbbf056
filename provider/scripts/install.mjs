// Installs the built provider into a filesystem mirror and writes a Terraform CLI config that uses it,
// so `terraform init` works offline.
// Usage: node provider/scripts/install.mjs [--mirror DIR] [--config FILE] [--build FILE | --sea | --executable FILE]
//   (npm run provider:install). DIR defaults to ./.terraform-mirror, FILE to DIR/terraform.rc; then:
//   export TF_CLI_CONFIG_FILE=FILE
//   By default installs the launcher + bundle (needs node on PATH where terraform runs); --build bundles it to FILE
//   instead of provider/dist/ (parallel test runs each use their own). --sea builds and installs the self-contained
//   executable (build-sea.mjs: no node needed); --executable installs FILE, an executable built before (hard-linked
//   when it can be).
import { closeSync, copyFileSync, linkSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildProvider } from './build.mjs';
import { buildSea } from './build-sea.mjs';
import { seaFileName, seaPackageFiles } from './sea-package.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
const ARCH = { x64: 'amd64', arm64: 'arm64' };

function startsWithHashbang(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    return head.toString() === '#!';
  } finally {
    closeSync(fd);
  }
}

/** Copies `binary` into `<mirror>/registry.terraform.io/relayform/smtp/<version>/<os_arch>/` and writes the CLI config. */
export function installProvider(binary, mirror, config = join(mirror, 'terraform.rc')) {
  const platform = `${process.platform}_${ARCH[process.arch] ?? process.arch}`;
  const dir = join(mirror, 'registry.terraform.io', 'relayform', 'smtp', version, platform);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `terraform-provider-smtp_v${version}`);
  for (const name of [target, join(dir, seaFileName), join(dir, 'package.json')]) rmSync(name, { force: true });
  const link = (to) => {
    try {
      linkSync(binary, to); // the self-contained executable is ~100 MB
    } catch {
      copyFileSync(binary, to);
    }
  };
  if (startsWithHashbang(binary)) {
    link(target);
    // The node launcher's file has no extension: inside a "type": "module" package (this repository, when the mirror
    // lives in it) Node would refuse to load it. This package.json makes the directory CommonJS wherever the mirror is.
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  } else {
    // The self-contained executable, laid out as in the release zip (sea-package.mjs).
    for (const file of seaPackageFiles(version, platform)) {
      if (file.executable) link(join(dir, file.name));
      else writeFileSync(join(dir, file.name), file.text, { mode: file.mode });
    }
  }
  writeFileSync(config, [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(resolve(mirror))}`,
    '    include = ["registry.terraform.io/relayform/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/relayform/*"]',
    '  }',
    '}',
    '',
  ].join('\n'));
  return { target, config: resolve(config) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: {
    mirror: { type: 'string' }, config: { type: 'string' }, build: { type: 'string' }, sea: { type: 'boolean' }, executable: { type: 'string' },
  } });
  const mirror = resolve(values.mirror ?? '.terraform-mirror');
  let binary;
  if (values.executable) binary = resolve(values.executable);
  else if (values.sea) binary = await buildSea();
  else binary = await buildProvider(values.build && resolve(values.build));
  const { target, config } = installProvider(binary, mirror, values.config && resolve(values.config));
  console.log(`installed ${target}\nexport TF_CLI_CONFIG_FILE=${config}`);
}
