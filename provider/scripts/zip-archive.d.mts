// Types for zip-archive.mjs, so TypeScript callers (tests) can import it.
/** Reproducible zip bytes of `entries` (sorted, fixed timestamps, deflated). */
export function zipArchive(entries: { name: string; data: Buffer; mode?: number }[]): Promise<Buffer>;
/** The entries of a zip (stored or deflated), each CRC-checked. */
export function readZipEntries(zip: Buffer): Promise<{ name: string; data: Buffer }[]>;
