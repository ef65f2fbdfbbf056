// A full dump of the relay's configuration store, through the API (as admin) and straight from the SQLite file.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { HostileRelay } from './hostile-relay.ts';

const nested = ['operators', 'connection-rules', 'relay-rules', 'remote-domains'];

/** Every collection read through the API as the admin, with each object's ETag. */
export async function apiDump(h: HostileRelay): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  const read = async (path: string) => (await h.expect(200, 'GET', path)).body;
  const servers = (await read('/v1/virtual-servers')).items as Array<{ id: string }>;
  dump.servers = servers;
  for (const server of servers) {
    for (const kind of nested) dump[`${server.id}/${kind}`] = (await read(`/v1/virtual-servers/${server.id}/${kind}`)).items;
    dump[`${server.id}/etag`] = (await h.expect(200, 'GET', `/v1/virtual-servers/${server.id}`)).headers.get('etag');
  }
  dump.accounts = (await read('/v1/accounts')).items;
  dump.certificates = (await read('/v1/certificates')).items;
  dump.audit = (await read('/v1/audit-log?limit=1000')).items;
  dump.queue = (await read('/v1/queue?limit=1000')).items;
  return dump;
}

/** Every row of every table of <data-dir>/config.sqlite, read with a read-only connection. */
export function sqliteDump(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'config.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    // A WITHOUT ROWID table (e.g. the change log) has no rowid: its rows in primary key order.
    const order = (name: string, sql: string) => (/WITHOUT\s+ROWID\s*$/i.test(sql)
      ? (db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(name) as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ')
      : 'rowid');
    return Object.fromEntries(tables.map(({ name, sql }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${order(name, sql)}`).all()]));
  } finally {
    db.close();
  }
}
