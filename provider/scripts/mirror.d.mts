// Types for mirror.mjs, so TypeScript callers (tests) can import it.
export const MIRROR_PATH: string[];
/** Adds every provider zip in `releaseDir` to the network mirror in `dir`; returns the <version>.json documents written. */
export function writeMirror(dir: string, releaseDir: string): Record<string, { archives: Record<string, { url: string; hashes: string[] }> }>;
