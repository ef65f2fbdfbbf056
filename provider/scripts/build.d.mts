// Types for build.mjs, so TypeScript callers (benchmarks) can import it.
export const outfile: string;
/** Bundles to `target` (default: outfile) with the given HTTP/2 transport (default: PROVIDER_HTTP2, else 'own'); resolves to its path. */
export function buildProvider(target?: string, options?: { http2?: 'own' | 'node' }): Promise<string>;
