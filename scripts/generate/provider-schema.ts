// Reads the provider's schema the way Terraform sees it: `terraform providers schema -json` of the built provider,
// installed into a temp filesystem mirror (dev_overrides would make `terraform init` fail).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The provider's source address as it appears in `provider_schemas`. */
export const PROVIDER_ADDRESS = 'registry.terraform.io/relayform/smtp';

/** `terraform providers schema -json` output: `{ format_version, provider_schemas: { [address]: ... } }`. */
export interface ProvidersSchemaJson {
  format_version: string;
  provider_schemas: Record<string, any>;
}

/**
 * Builds the provider from `repoRoot` and installs it into a temp mirror (provider/scripts/install.mjs), runs
 * `terraform init` offline and returns the parsed `terraform providers schema -json`. Temp files are removed
 * before it resolves or throws.
 */
export async function readProviderSchema(repoRoot: string, terraform = 'terraform'): Promise<ProvidersSchemaJson> {
  const dir = mkdtempSync(join(tmpdir(), 'provider-schema-'));
  try {
    const mirror = join(dir, 'mirror');
    await run(process.execPath, ['provider/scripts/install.mjs', '--mirror', mirror, '--build', join(dir, 'provider.cjs')],
      { cwd: repoRoot, timeout: 120_000 });
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'main.tf'), 'terraform {\n  required_providers {\n    smtp = { source = "relayform/smtp" }\n  }\n}\n');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(mirror, 'terraform.rc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_LOG: '' };
    const options = { cwd: work, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 };
    await run(terraform, ['init', '-no-color', '-input=false'], options);
    const { stdout } = await run(terraform, ['providers', 'schema', '-json'], options);
    return JSON.parse(stdout) as ProvidersSchemaJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
