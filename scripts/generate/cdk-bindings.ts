// Generates the CDKTF and CDK Terrain bindings of the provider from its Terraform schema JSON, with the
// upstream generators (`@cdktf/provider-generator`, `@cdktn/provider-generator`) exactly as `cdktf get` would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProvidersSchemaJson } from './provider-schema.ts';

const require = createRequire(import.meta.url);

/** One binding flavour: the generator package and the folder (under the output root) it writes to. */
export interface BindingFlavour {
  name: 'cdktf' | 'cdktn';
  generator: string;
  folder: string;
}

/** The bindings this repository ships; each lives in its own folder so it can be pinned or dropped alone. */
export const BINDING_FLAVOURS: BindingFlavour[] = [
  { name: 'cdktf', generator: '@cdktf/provider-generator', folder: 'provider/cdktf/cdktf' },
  { name: 'cdktn', generator: '@cdktn/provider-generator', folder: 'provider/cdktf/cdktn' },
];

/**
 * Writes `<outRoot>/<flavour.folder>/providers/smtp/**` for every flavour. The generators shell out to
 * `terraform` for its version; an empty CLI config keeps them from warning about a missing ~/.terraformrc.
 */
export async function generateCdkBindings(schema: ProvidersSchemaJson, outRoot: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cdk-bindings-'));
  const saved = { config: process.env.TF_CLI_CONFIG_FILE, checkpoint: process.env.CHECKPOINT_DISABLE };
  try {
    writeFileSync(join(scratch, 'empty.rc'), '');
    process.env.TF_CLI_CONFIG_FILE = join(scratch, 'empty.rc');
    process.env.CHECKPOINT_DISABLE = '1';
    for (const flavour of BINDING_FLAVOURS) {
      const { generateProviderBindingsFromSchema } = require(flavour.generator) as {
        generateProviderBindingsFromSchema(target: string, schema: ProvidersSchemaJson): Promise<void>;
      };
      await generateProviderBindingsFromSchema(join(outRoot, flavour.folder), schema);
    }
  } finally {
    restore('TF_CLI_CONFIG_FILE', saved.config);
    restore('CHECKPOINT_DISABLE', saved.checkpoint);
    rmSync(scratch, { recursive: true, force: true });
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
