// Types for build-sea.mjs, so TypeScript callers (the test harness, benchmarks) can import it.
/** Bundles the provider and writes its self-contained executable to `target` (default provider/dist/terraform-provider-smtp). */
export function buildSea(target?: string, node?: string): Promise<string>;
/** The executable for the current sources, built once into `cacheDir` and shared by every caller after that. */
export function cachedSea(cacheDir: string): Promise<string>;
export const seaOutfile: string;
