// Reproducible zip archives for the release: written with yazl from in-memory entries, read back with yauzl.
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** Resolves to the bytes `stream` gives until its end. */
function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk)).on('error', reject).on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Resolves to the zip bytes of `entries` ({ name, data, mode }), sorted by name, with fixed timestamps, regular files
 * of `mode` (default 0644), deflated at zlib's level 6 (level 9 takes 2.5 times as long on the provider executable for
 * 0.4 % less): the same entries give the same bytes, on any machine with the same zlib.
 */
export async function zipArchive(entries) {
  const zip = new yazl.ZipFile();
  // 1980-01-01 00:00:00, the earliest MS-DOS date, for every entry. yazl takes the DOS date and time from a Date's
  // local fields, so a Date built from local fields now gives the same bytes in every time zone; forceDosTimestamp
  // leaves out the Info-ZIP extended timestamp (UTC seconds, which would move with the time zone).
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, data, mode = 0o644 } of sorted) {
    zip.addBuffer(data, name, { mtime, forceDosTimestamp: true, mode: 0o100000 | mode, compressionLevel: 6 });
  }
  zip.end();
  return collect(zip.outputStream);
}

/** Resolves to the entries of a zip archive as { name, data }, in the order of its central directory, each CRC-32 checked. */
export function readZipEntries(zip) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error) return reject(error);
      const entries = [];
      archive.on('error', reject).on('end', () => resolve(entries)).on('entry', (entry) => {
        archive.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError);
          collect(stream).then((data) => {
            if (crc32(data) !== entry.crc32) throw new Error(`${entry.fileName}: zip checksum error`);
            entries.push({ name: entry.fileName, data });
            archive.readEntry();
          }).catch(reject);
        });
      });
      archive.readEntry();
    });
  });
}
