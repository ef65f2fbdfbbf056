// Writes a keytab stored in the configuration (kerberos_keytab_wo) to a private file, which GSS-API needs to read it.
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let directory: string | undefined;
const written = new Map<string, string>();

/** The process's own 0700 directory for keytab files, removed when the process exits. */
function privateDirectory(): string {
  if (!directory) {
    directory = mkdtempSync(join(tmpdir(), 'relay-keytabs-'));
    const dir = directory;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return directory;
}

/**
 * The path of a 0600 file holding `keytab` for virtual server `id`: rewritten (write, then rename) only when the bytes
 * changed since the last call, so a rotated keytab applies to the next AUTH and sessions already reading keep theirs.
 */
export function keytabFile(id: string, keytab: Buffer): string {
  const path = join(privateDirectory(), `${id}.keytab`);
  const digest = createHash('sha256').update(keytab).digest('hex');
  if (written.get(id) !== digest) {
    writeFileSync(`${path}.new`, keytab, { mode: 0o600 });
    renameSync(`${path}.new`, path);
    written.set(id, digest);
  }
  return path;
}

/** Removes the file of virtual server `id` (its listener stopped). */
export function removeKeytabFile(id: string): void {
  if (!directory || !written.delete(id)) return;
  rmSync(join(directory, `${id}.keytab`), { force: true });
}
