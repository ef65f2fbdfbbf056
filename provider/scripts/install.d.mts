// Types for install.mjs, so TypeScript callers (benchmarks) can import it.
/** Copies `binary` into a filesystem mirror under `mirror` and writes the CLI config (default mirror/terraform.rc). */
export function installProvider(binary: string, mirror: string, config?: string): { target: string; config: string };
