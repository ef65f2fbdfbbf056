// Postfix lookup tables named as type:path (cidr:, hash:, texthash:), read from their source text in the config dir.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { errorAt, logicalLines, type SourceLine } from './postconf-syntax.ts';

/** One `key value` entry of a table, in file order. */
export interface TableEntry {
  key: string;
  value: string;
  at: SourceLine;
}

/** A table as read: its reference (`cidr:/etc/postfix/client_access`), the file read, and the entries in order. */
export interface LookupTable {
  reference: string;
  type: 'cidr' | 'hash' | 'texthash';
  entries: TableEntry[];
}

/** Finds table files: paths under Postfix's config_directory are read from the directory the import was given. */
export class TableReader {
  /** `configDir` is where the files are now; `configDirectory` the config_directory the paths in main.cf were written for. */
  constructor(private readonly configDir: string, private readonly configDirectory: string) {}

  /** The file a path in main.cf names, on this machine. */
  resolve(path: string): string {
    if (!isAbsolute(path)) return join(this.configDir, path);
    const inside = relative(this.configDirectory, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : join(this.configDir, inside);
  }

  /**
   * Reads `reference` (type:path) named at `at`. hash: reads the source text beside the .db (postmap's input), the
   * keys lower-cased as postmap does; cidr: keeps the patterns and their order (first match wins). Throws with the
   * referring line for another type or a missing file, and with the table's line for a malformed entry.
   */
  read(reference: string, at: SourceLine): LookupTable {
    const colon = reference.indexOf(':');
    const type = reference.slice(0, colon);
    if (colon < 0 || !['cidr', 'hash', 'texthash'].includes(type)) {
      throw errorAt(at, `"${reference}" is not a lookup table the import reads (cidr:, hash: or texthash: with a file path)`);
    }
    const path = reference.slice(colon + 1).replace(/\.db$/, '');
    const file = this.resolve(path);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw errorAt(at, `cannot read the ${type} table ${path}${file !== path ? ` (looked for ${file})` : ''}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const entries = logicalLines(content, file).map(({ text, at: line }) => {
      const match = /^(\S+)\s+(\S.*)$/.exec(text);
      if (!match) throw errorAt(line, `expected "key value", got "${text}"`);
      if (type === 'cidr' && /^(if|endif)$/i.test(match[1])) throw errorAt(line, 'if/endif blocks in cidr tables are not read by the import');
      return { key: type === 'cidr' ? match[1] : match[1].toLowerCase(), value: match[2].trim(), at: line };
    });
    return { reference, type: type as LookupTable['type'], entries };
  }
}
