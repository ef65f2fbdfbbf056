// Types for build.mjs, so TypeScript callers (benchmarks) can import it.
/** Bundles the provider to `target` (default provider/dist/terraform-provider-smtp.cjs); resolves to its path. */
export function buildProvider(target?: string): Promise<string>;
export const outfile: string;
/** The provider as one CommonJS program with only Node's built-ins as imports, and its SHA-256 (hex). */
export function bundleProvider(): Promise<{ text: string; hash: string }>;
