// Types for release.mjs, so TypeScript callers (tests) can import it.
export const providerVersion: string;
/** This machine's platform as Terraform names it, e.g. linux_amd64. */
export const thisPlatform: string;
export function zipName(version: string, platform: string): string;
/** Writes the release artifacts for `executable` (built for `platform`, default this one) into `out`, signing SHA256SUMS with `gpgKey` when given. */
export function writeRelease(options: { out: string; executable: string; gpgKey?: string; gpgHome?: string; platform?: string }):
  Promise<{ zip: string; sums: string; signature?: string; manifest: string; releaseManifest: string }>;
