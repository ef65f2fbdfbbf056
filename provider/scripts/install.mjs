// Installs the built provider into a filesystem mirror and writes a Terraform CLI config that uses it,
// so `terraform init` works offline.
// Usage: node provider/scripts/install.mjs [--mirror DIR] [--config FILE] [--build FILE]   (npm run provider:install)
//   DIR defaults to ./.terraform-mirror, FILE to DIR/terraform.rc; then: export TF_CLI_CONFIG_FILE=FILE
//   --build bundles to FILE instead of provider/dist/ (parallel test runs each use their own)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildProvider } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
const ARCH = { x64: 'amd64', arm64: 'arm64' };

/** Copies `binary` into `<mirror>/registry.terraform.io/relayform/smtp/<version>/<os_arch>/` and writes the CLI config. */
export function installProvider(binary, mirror, config = join(mirror, 'terraform.rc')) {
  const platform = `${process.platform}_${ARCH[process.arch] ?? process.arch}`;
  const dir = join(mirror, 'registry.terraform.io', 'relayform', 'smtp', version, platform);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `terraform-provider-smtp_v${version}`);
  copyFileSync(binary, target);
  // The binary has no extension: inside a "type": "module" package (this repository, when the mirror lives in it)
  // Node would refuse to load it. This package.json makes the directory CommonJS wherever the mirror is.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
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
  const { values } = parseArgs({ options: { mirror: { type: 'string' }, config: { type: 'string' }, build: { type: 'string' } } });
  const mirror = resolve(values.mirror ?? '.terraform-mirror');
  const { target, config } = installProvider(await buildProvider(values.build && resolve(values.build)), mirror, values.config && resolve(values.config));
  console.log(`installed ${target}\nexport TF_CLI_CONFIG_FILE=${config}`);
}
