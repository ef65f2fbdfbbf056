// The relay node's stable name in queue leases, kept in the data dir so that a restarted node knows its own claims.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Reads `<data-dir>/node-id`, creating it (host name plus a random suffix) on first start.
 * Stable across restarts, unique per data dir, so nodes sharing one queue never collide.
 */
export function nodeId(dataDir: string): string {
  const file = join(dataDir, 'node-id');
  try {
    writeFileSync(file, `${hostname()}-${randomBytes(4).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
