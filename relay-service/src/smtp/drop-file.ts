// Writes a local message into a drop directory atomically: temp file, fsync, rename, fsync of the directory.
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `<directory>/<id>.eml` so that readers only ever see a complete file, and the file
 * survives a crash once this resolves. The directory is created (0750) when missing.
 */
export async function writeDropFile(directory: string, id: string, content: Buffer): Promise<string> {
  await mkdir(directory, { recursive: true, mode: 0o750 });
  const final = join(directory, `${id}.eml`);
  // A dot name with another extension: pickup software looking for *.eml ignores it.
  const temp = join(directory, `.${id}.tmp`);
  const file = await open(temp, 'wx', 0o640);
  try {
    await file.writeFile(content);
    await file.sync();
  } catch (error) {
    await file.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await file.close();
  await rename(temp, final);
  const dir = await open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return final;
}
