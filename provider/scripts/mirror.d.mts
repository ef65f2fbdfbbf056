// Types for mirror.mjs, so TypeScript callers (tests) can import it.
export const MIRROR_PATH: string[];
/** Adds every provider zip in `releaseDir` to the network mirror in `dir`; resolves to the <version>.json documents written. */
export function writeMirror(dir: string, releaseDir: string): Promise<Record<string, { archives: Record<string, { url: string; hashes: string[] }> }>>;
