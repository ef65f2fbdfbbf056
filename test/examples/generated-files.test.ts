// docs/ and the CDK bindings under provider/cdktf/ are exactly what `npm run generate` produces from the current
// provider and examples/, and the docs generator refuses an attribute without a description.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GENERATED_FOLDERS, generateAll } from '../../scripts/generate.ts';
import { renderProviderDocs } from '../../scripts/generate/provider-docs.ts';
import { PROVIDER_ADDRESS } from '../../scripts/generate/provider-schema.ts';
import { acceptance } from '../support/terraform.ts';
import { examplesDir } from './example-files.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(root: string, folder: string): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
  });
  return existsSync(join(root, folder)) ? walk(join(root, folder)) : [];
}

/** A provider schema JSON with one resource whose nested attribute has `description`. */
function schemaWith(description: string) {
  const attribute = (text: string) => ({ type: 'string', description: text, optional: true });
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: { block: { description: 'The provider.', attributes: { endpoint: attribute('Endpoint.') } } },
        resource_schemas: {
          smtp_thing: {
            block: {
              description: 'A thing.',
              attributes: {
                id: { type: 'string', description: 'Id.', computed: true },
                group: { nested_type: { nesting_mode: 'single', attributes: { member: attribute(description) } }, description: 'A group.', optional: true },
              },
            },
          },
        },
        data_source_schemas: {},
      },
    },
  };
}

test('docs: nested attributes get their own section, a missing description is an error naming the attribute', () => {
  const docs = renderProviderDocs(schemaWith('A member.'), examplesDir);
  const page = docs.get('docs/resources/thing.md')!;
  assert.match(page, /- `group` \(Attributes\) A group\. \(see \[below for nested schema\]\(#nestedatt--group\)\)/);
  assert.match(page, /### Nested Schema for `group`\n\nOptional:\n\n- `member` \(String\) A member\./);
  assert.match(page, /### Read-Only\n\n- `id` \(String\) Id\./);
  assert.throws(() => renderProviderDocs(schemaWith('  '), examplesDir), /smtp_thing: attribute group\.member has no description/);
});

test('docs: every resource page shows an import {} block (import-by-string-id.tf) and the terraform import command (import.sh)', () => {
  const snapshot = JSON.parse(readFileSync(join(repoRoot, 'provider/cdktf/provider-schema.json'), 'utf8'));
  const docs = renderProviderDocs(snapshot, examplesDir);
  const resources = Object.keys(snapshot.provider_schemas[PROVIDER_ADDRESS].resource_schemas);
  assert.ok(resources.length >= 7);
  for (const type of resources) {
    const page = docs.get(`docs/resources/${type.replace(/^smtp_/, '')}.md`)!;
    assert.match(page, new RegExp(`## Import[\\s\\S]+\`import\` block[\\s\\S]+\`\`\`terraform\\n(#[^\\n]*\\n)*import \\{\\n {2}to = ${type}\\.example\\n {2}id = "[^"]+"\\n\\}\\n\`\`\``), type);
    assert.match(page, new RegExp(`\`\`\`shell\\n(#[^\\n]*\\n)*terraform import ${type}\\.example \\S+\\n\`\`\``), type);
  }
});

if (!acceptance.enabled) {
  test('generated docs and bindings are up to date', { skip: acceptance.skipReason }, () => {});
} else {
  test('regenerating docs and CDKTF/CDK Terrain bindings leaves no diff (run `npm run generate` when this fails)', async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'generate-check-'));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    await generateAll(repoRoot, out);
    for (const folder of GENERATED_FOLDERS) {
      const fresh = filesUnder(out, folder).sort();
      assert.deepEqual(filesUnder(repoRoot, folder).sort(), fresh, `${folder}: the same files`);
      for (const file of fresh) assert.equal(readFileSync(join(repoRoot, file), 'utf8'), readFileSync(join(out, file), 'utf8'), `${file} is stale`);
    }
    const docs = filesUnder(out, 'docs');
    assert.ok(docs.includes('docs/index.md') && docs.includes('docs/resources/virtual_server.md') && docs.includes('docs/data-sources/relay_check.md'));
    for (const flavour of ['cdktf', 'cdktn']) {
      assert.ok(existsSync(join(out, 'provider/cdktf', flavour, 'providers/smtp/virtual-server/index.ts')), `${flavour} bindings`);
    }
  });
}
