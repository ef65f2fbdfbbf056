// Types for build.mjs, so TypeScript callers (benchmarks) can import it.
/** Bundles the provider to `target` (default provider/dist/terraform-provider-smtp.cjs); resolves to its path. */
export function buildProvider(target?: string): Promise<string>;
export const outfile: string;
