// Types for package-hash.mjs, so TypeScript callers (tests) can import it.
/** Terraform's `h1:` hash (dirhash Hash1 over the zip's entries) of the zip bytes `zip`. */
export function h1Hash(zip: Buffer): Promise<string>;
/** Terraform's `zh:` hash (SHA-256 of the zip file) of `zip`. */
export function zhHash(zip: Buffer): string;
