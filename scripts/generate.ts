// Regenerates everything derived from the provider's schema: docs/ (tfplugindocs layout; docs/images/ is left alone) and the CDKTF and
// CDK Terrain bindings under provider/cdktf/. Usage: npm run generate   (needs the terraform binary; offline)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCdkBindings } from './generate/cdk-bindings.ts';
import { renderProviderDocs } from './generate/provider-docs.ts';
import { readProviderSchema, type ProvidersSchemaJson } from './generate/provider-schema.ts';

/** Folders owned by the generator: removed and rewritten as a whole, never edited by hand. */
export const GENERATED_FOLDERS = ['docs', 'provider/cdktf'];

/**
 * Inside a generated folder, what the generator neither writes nor removes: the web console's screenshots
 * (`npm run console:screenshots`), which the README shows.
 */
export const KEPT_IN_GENERATED = ['docs/images'];

/** Removes a generated folder, all but the KEPT_IN_GENERATED paths in it. */
function clearGenerated(outRoot: string, folder: string): void {
  const kept = KEPT_IN_GENERATED.filter((path) => path.startsWith(`${folder}/`));
  if (kept.length === 0 || !existsSync(join(outRoot, folder))) {
    rmSync(join(outRoot, folder), { recursive: true, force: true });
    return;
  }
  for (const name of readdirSync(join(outRoot, folder))) {
    if (!kept.includes(`${folder}/${name}`)) rmSync(join(outRoot, folder, name), { recursive: true, force: true });
  }
}

/** Where the schema snapshot that docs and bindings were generated from is kept (reviewable in diffs). */
export const SCHEMA_SNAPSHOT = 'provider/cdktf/provider-schema.json';

/**
 * Writes every generated file under `outRoot` (the repository root, or a temp dir to compare against it),
 * from `schema` (default: read from the provider built from `repoRoot`) and `repoRoot`'s examples/.
 */
export async function generateAll(repoRoot: string, outRoot: string, schema?: ProvidersSchemaJson): Promise<void> {
  const providerSchema = schema ?? await readProviderSchema(repoRoot);
  for (const folder of GENERATED_FOLDERS) clearGenerated(outRoot, folder);
  const files = renderProviderDocs(providerSchema, join(repoRoot, 'examples'));
  files.set(SCHEMA_SNAPSHOT, `${JSON.stringify(providerSchema, null, 2)}\n`);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(outRoot, path)), { recursive: true });
    writeFileSync(join(outRoot, path), text);
  }
  await generateCdkBindings(providerSchema, outRoot);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await generateAll(root, root);
  console.log(`regenerated ${GENERATED_FOLDERS.join(', ')}`);
}
