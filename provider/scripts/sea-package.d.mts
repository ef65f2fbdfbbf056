// Types for sea-package.mjs, so TypeScript callers (tests) can import it.
export const seaFileName: string;
export const seaLauncher: string;
export function seaPackageFiles(version: string, platform: string): Array<{ name: string; mode: number; text?: string; executable?: true }>;
