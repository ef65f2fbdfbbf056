// A small tmpfs mounted for one test (root with CAP_SYS_ADMIN): a disk that can be filled, freed and made read-only.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A mounted tmpfs of a fixed size, unmounted (lazily, so a process still using it cannot block it) in t.after. */
export interface SmallTmpfs {
  dir: string;
  /** Writes a filler file until the filesystem is full (ENOSPC); returns the bytes written. */
  fill(): number;
  /** Removes the filler file: the space is back. */
  free(): void;
  /** `mount -o remount,ro|rw`; throws with mount's message when the kernel refuses. */
  remount(mode: 'ro' | 'rw'): void;
}

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/**
 * Mounts a tmpfs of `sizeMiB`. Needs root (CAP_SYS_ADMIN): without it this throws a clear error, so the
 * storage tests fail loudly instead of passing without having tested anything.
 */
export function mountSmallTmpfs(t: TestContext, sizeMiB: number): SmallTmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'relay-tmpfs-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    rmdirSync(dir);
    throw new Error(`the storage-failure tests need root with CAP_SYS_ADMIN to mount a small tmpfs (uid ${process.getuid?.()}): ${(error as Error).message}`, { cause: error });
  }
  t.after(() => {
    run('umount', ['-l', dir]);
    rmdirSync(dir);
  });
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      let written = 0;
      try {
        for (const chunk of [Buffer.alloc(1 << 20, 1), Buffer.alloc(4096, 1), Buffer.alloc(1, 1)]) {
          for (;;) {
            try {
              written += writeSync(fd, chunk);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free: () => unlinkSync(filler),
    remount: (mode) => run('mount', ['-o', `remount,${mode}`, dir]),
  };
}
