// Terraform's provider package hashes of a release zip, as the lock file and the network mirror protocol carry them.
//   h1: ("hash scheme 1", Go's dirhash Hash1 over the package's files): sort the file names; for each, the line
//       "<sha256 hex of its contents>  <name>\n"; SHA-256 of those lines together, base64 (standard, padded).
//       For a zip the names are its entries' names, so h1 is the same for the zip and for the directory it unpacks to.
//   zh: ("legacy zip hash") the SHA-256 hex of the zip file itself, as a registry's SHA256SUMS lists it.
import { createHash } from 'node:crypto';
import { readZipEntries } from './zip-archive.mjs';

const sha256 = (data) => createHash('sha256').update(data);

/** Resolves to the `h1:` hash of the package in `zip` (its bytes). */
export async function h1Hash(zip) {
  const files = await readZipEntries(zip);
  for (const { name } of files) if (name.includes('\n')) throw new Error(`zip entry name with a newline: ${JSON.stringify(name)}`);
  const summary = files
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, data }) => `${sha256(data).digest('hex')}  ${name}\n`)
    .join('');
  return `h1:${sha256(summary).digest('base64')}`;
}

/** The `zh:` hash of `zip` (its bytes). */
export function zhHash(zip) {
  return `zh:${sha256(zip).digest('hex')}`;
}
