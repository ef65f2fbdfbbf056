// Copies configurations from examples/ into a Terraform working directory, giving listeners free ports.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The examples/ folder of this repository. */
export const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url));

/** Every resource type with an example: the folder names under examples/resources. */
export function exampleResourceTypes(): string[] {
  return readdirSync(join(examplesDir, 'resources')).sort();
}

/** Every data source type with an example: the folder names under examples/data-sources. */
export function exampleDataSourceTypes(): string[] {
  return readdirSync(join(examplesDir, 'data-sources')).sort();
}

/**
 * Writes the example files `relativePaths` (under examples/) into `dir`, each under a unique name, replacing every
 * `port = <n>` literal by the next of `ports` in order of appearance (the examples use fixed ports like 2525).
 * Returns the mapping from each example port to the free port that replaced it.
 */
export function copyExamples(dir: string, relativePaths: string[], ports: number[] = []): Map<number, number> {
  const mapping = new Map<number, number>();
  for (const relative of relativePaths) {
    const text = readFileSync(join(examplesDir, relative), 'utf8').replace(/^(\s*port\s*=\s*)(\d+)/gm, (_m, lead: string, port: string) => {
      if (!mapping.has(Number(port))) {
        const next = ports[mapping.size];
        if (next === undefined) throw new Error(`copyExamples: no free port left for port ${port} in ${relative}`);
        mapping.set(Number(port), next);
      }
      return `${lead}${mapping.get(Number(port))}`;
    });
    writeFileSync(join(dir, `${relative.replace(/[/]/g, '__')}`), text);
  }
  return mapping;
}

/** The `terraform import <address> <id>` commands of an import.sh, in order. */
export function importCommands(script: string): Array<{ address: string; id: string }> {
  return [...script.matchAll(/^terraform import (\S+) (\S+)$/gm)].map((m) => ({ address: m[1], id: m[2] }));
}
