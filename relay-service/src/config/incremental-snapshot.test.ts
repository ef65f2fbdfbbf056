// StoreConfigReader's incremental snapshots equal a full read of the store, on SQLite and PostgreSQL, log or no log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresSkip, startTestPostgres, type TestPostgres } from '../../../test/support/postgres.ts';
import { seededRandom } from '../../../test/support/seeded-random.ts';
import { SecretBox } from '../auth/secret-box.ts';
import type { ConfigStore, ObjectKind } from '../store/config-store.ts';
import { PostgresConfigStore } from '../store/postgres/config-store.ts';
import { SqliteConfigStore } from '../store/sqlite/config-store.ts';
import type { ConfigSnapshot } from './config-reader.ts';
import { StoreConfigReader } from './store-config-reader.ts';

/** The snapshot as the reader made it before it was incremental: every object of the four kinds read again. */
async function fullRead(store: ConfigStore): Promise<ConfigSnapshot> {
  const [version, servers, connectionRules, relayRules, remoteDomains] = await Promise.all([
    store.configVersion(),
    ...(['virtual_server', 'connection_rule', 'relay_rule', 'remote_domain'] as const).map((kind) => store.list(kind)),
  ]);
  const childrenOf = (objects: typeof servers, id: string) => objects.filter((o) => o.parentId === id).map((o) => o.doc);
  return {
    version,
    virtualServers: servers.map((s) => ({
      server: s.doc, connectionRules: childrenOf(connectionRules, s.id), relayRules: childrenOf(relayRules, s.id), remoteDomains: childrenOf(remoteDomains, s.id),
    })),
  } as unknown as ConfigSnapshot;
}

/** A store of one engine, and a way to run SQL on its database behind its back (as another relay would). */
interface Engine {
  name: string;
  /** A new, empty store; `reopen` opens the same database again after `close`; `sql` takes $1-style parameters. */
  open(): Promise<{ store: ConfigStore; sql(statement: string, ...params: Array<string | number>): Promise<void>; reopen(): Promise<ConfigStore>; dispose(): Promise<void> }>;
  /** Turns the database into one written by the relay before the change log (schema and all). */
  beforeTheLog: string[];
}

const sqlite: Engine = {
  name: 'sqlite',
  async open() {
    const root = mkdtempSync(join(tmpdir(), 'incremental-snapshot-'));
    const file = join(root, 'config.sqlite');
    const raw = () => new Database(file);
    return {
      store: SqliteConfigStore.open(file),
      async sql(statement, ...params) {
        const db = raw();
        try {
          db.prepare(statement.replace(/\$\d+/g, '?')).run(...params);
        } finally {
          db.close();
        }
      },
      reopen: async () => SqliteConfigStore.open(file),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
  beforeTheLog: ['DROP TABLE config_changes', 'DELETE FROM schema_migrations WHERE version >= 3'],
};

let server: TestPostgres | undefined;
const postgres: Engine = {
  name: 'postgres',
  async open() {
    const url = await server!.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      store: await PostgresConfigStore.open(url, { pollMs: 60_000 }),
      async sql(statement, ...params) {
        await client.query(statement, params);
      },
      reopen: () => PostgresConfigStore.open(url, { pollMs: 60_000 }),
      dispose: () => client.end(),
    };
  },
  beforeTheLog: ['DROP TABLE config_changes', 'DELETE FROM schema_migrations WHERE version >= 9'],
};

/** `store` with a count of the reads a reader makes: change-log reads, and full reads (the versions of every object). */
function counted(store: ConfigStore): { store: ConfigStore; logReads: () => number; fullReads: () => number } {
  let logReads = 0;
  let fullReads = 0;
  const wrapped = Object.create(store) as ConfigStore;
  wrapped.changesSince = (after) => { logReads += 1; return store.changesSince(after); };
  wrapped.listVersions = (kind) => { if (kind === 'virtual_server') fullReads += 1; return store.listVersions(kind); };
  return { store: wrapped, logReads: () => logReads, fullReads: () => fullReads };
}

function readerOn(store: ConfigStore): StoreConfigReader {
  const root = mkdtempSync(join(tmpdir(), 'incremental-snapshot-key-'));
  const secrets = SecretBox.fromKeyFile(join(root, 'secret.key'));
  rmSync(root, { recursive: true, force: true });
  return new StoreConfigReader(store, secrets);
}

function suite(engine: Engine): void {
  test(`${engine.name}: after random creates, updates, deletes and moves the incremental snapshot equals a full read and a new reader's`, { timeout: 300_000 }, async (t) => {
    const db = await engine.open();
    t.after(async () => {
      await db.store.close();
      await db.dispose();
    });
    const { store } = db;
    const spy = counted(store);
    const reader = readerOn(spy.store);
    const seed = Number(process.env.SNAPSHOT_SEED ?? randomInt(2 ** 31));
    const random = seededRandom(seed);
    const int = (below: number) => Math.floor(random() * below);
    const pick = <T>(items: T[]) => items[int(items.length)];
    const live = new Map<ObjectKind, Set<string>>((['virtual_server', 'connection_rule', 'relay_rule', 'remote_domain'] as const).map((k) => [k, new Set()]));
    const parentOf = new Map<string, string>();
    let counter = 0;
    let snapshots = 0;
    let hidden = 0;
    const steps = engine.name === 'sqlite' ? 400 : 250;
    for (let step = 0; step < steps; step += 1) {
      // One commit of 1-4 writes, sometimes none between two snapshots, sometimes several commits.
      const version = await store.transaction(async (tx) => {
        for (let w = 1 + int(4); w > 0; w -= 1) {
          const servers = [...live.get('virtual_server')!];
          const roll = int(20);
          if (roll < 2 || servers.length === 0) {
            const id = `vs-${counter++}`;
            await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: id, port: 2000 + counter }, secrets: {} });
            live.get('virtual_server')!.add(id);
          } else if (roll < 3) {
            const id = pick(servers);
            await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: `${id}-renamed-${counter++}`, port: 3000 + counter }, secrets: {} });
          } else if (roll < 4 && servers.length > 1) {
            // A server goes with its children, as the API's cascade does.
            const id = pick(servers);
            for (const kind of ['connection_rule', 'relay_rule', 'remote_domain'] as const) {
              for (const child of [...live.get(kind)!].filter((c) => parentOf.get(c) === id)) {
                await tx.delete(kind, child);
                live.get(kind)!.delete(child);
              }
            }
            await tx.delete('virtual_server', id);
            live.get('virtual_server')!.delete(id);
          } else {
            const kind = pick(['connection_rule', 'relay_rule', 'relay_rule', 'remote_domain'] as const);
            const existing = [...live.get(kind)!];
            // Create, update in place, delete, move to another server, or delete and create again under the same id.
            const action = existing.length === 0 ? 0 : int(5);
            const id = action === 0 ? `${kind}-${counter++}` : pick(existing);
            const write = (parent: string) => tx.put({ kind, id, parentId: parent, doc: { id, virtual_server_id: parent, cidr: `10.${counter++ % 256}.0.0/16` }, secrets: {} });
            if (action === 0 || action === 1 || action === 3) {
              const parent = action === 1 ? parentOf.get(id)! : pick(servers);
              await write(parent);
              live.get(kind)!.add(id);
              parentOf.set(id, parent);
            } else {
              await tx.delete(kind, id);
              live.get(kind)!.delete(id);
              if (action === 4) {
                await write(parentOf.get(id)!);
                live.get(kind)!.add(id);
              }
            }
          }
        }
        return tx.configVersion().then((v) => v + 1);
      });
      // Now and then a commit the log does not have (as by a relay without it), or the whole log pruned away.
      const roll = int(30);
      if (roll === 0) {
        await db.sql('DELETE FROM config_changes WHERE version = $1', version);
        hidden += 1;
      } else if (roll === 1) {
        await db.sql('DELETE FROM config_changes');
        hidden += 1;
      }
      if (int(3) === 0) continue;
      const where = `seed ${seed} (SNAPSHOT_SEED=${seed} repeats it), step ${step}`;
      const snapshot = await reader.snapshot();
      assert.deepEqual(snapshot, await fullRead(store), where);
      if (int(10) === 0) assert.deepEqual(snapshot, await readerOn(store).snapshot(), `a new reader: ${where}`);
      snapshots += 1;
    }
    assert.ok(snapshots > steps / 4, `seed ${seed}: only ${snapshots} snapshots compared`);
    assert.ok(live.get('relay_rule')!.size > 0 || live.get('connection_rule')!.size > 0, `seed ${seed}: the sequence left no rules to compare`);
    // Both ways of reading were used: mostly the log, and the full read where the log could not tell.
    assert.ok(hidden > 0 && spy.fullReads() > 1 && spy.fullReads() <= hidden + 1, `seed ${seed}: ${spy.fullReads()} full reads, ${hidden} gaps`);
    assert.ok(spy.logReads() > snapshots / 2, `seed ${seed}: ${spy.logReads()} log reads for ${snapshots} snapshots`);
  });

  test(`${engine.name}: a database written before the change log starts with the same snapshot, and follows changes from then on`, async (t) => {
    const db = await engine.open();
    let store = db.store;
    t.after(async () => {
      await store.close();
      await db.dispose();
    });
    await store.transaction(async (tx) => {
      for (const id of ['a', 'b']) {
        await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: id }, secrets: {} });
        for (let i = 0; i < 30; i += 1) await tx.put({ kind: 'relay_rule', id: `${id}-${i}`, parentId: id, doc: { id: `${id}-${i}`, cidr: `10.0.${i}.0/24` }, secrets: {} });
      }
    });
    await store.transaction(async (tx) => tx.delete('relay_rule', 'a-3'));
    await store.close();
    for (const statement of engine.beforeTheLog) await db.sql(statement);
    store = await db.reopen();
    const spy = counted(store);
    const reader = readerOn(spy.store);
    assert.deepEqual(await reader.snapshot(), await fullRead(store));
    assert.equal((await reader.snapshot()).virtualServers[0].relayRules.length, 29);
    await store.transaction(async (tx) => tx.put({ kind: 'relay_rule', id: 'b-new', parentId: 'b', doc: { id: 'b-new', cidr: '192.0.2.0/24' }, secrets: {} }));
    const fullReads = spy.fullReads();
    const next = await reader.snapshot();
    assert.deepEqual(next, await fullRead(store));
    assert.equal(spy.fullReads(), fullReads, 'the change after the upgrade came from the log');
    assert.equal(next.virtualServers[1].relayRules.at(-1)?.cidr, '192.0.2.0/24');
  });
}

describe('sqlite', () => suite(sqlite));

if (postgresSkip) {
  test('postgres incremental snapshots', { skip: postgresSkip }, () => undefined);
} else {
  describe('postgres', () => {
    before(async () => { server = await startTestPostgres(); });
    after(() => server?.stop());
    suite(postgres);
  });
}

test('a change to one server keeps the other servers\' configs, the very same objects (their rule indexes are kept)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'incremental-snapshot-'));
  const store = SqliteConfigStore.open(join(root, 'config.sqlite'));
  t.after(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });
  const reader = new StoreConfigReader(store, SecretBox.fromKeyFile(join(root, 'secret.key')));
  await store.transaction(async (tx) => {
    for (const id of ['a', 'b']) {
      await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: id }, secrets: {} });
      for (let i = 0; i < 50; i += 1) await tx.put({ kind: 'relay_rule', id: `${id}-${i}`, parentId: id, doc: { id: `${id}-${i}`, cidr: `10.0.${i}.0/24` }, secrets: {} });
    }
  });
  const first = await reader.snapshot();
  assert.equal(await reader.snapshot(), first, 'no change: the same snapshot');
  await store.transaction(async (tx) => tx.put({ kind: 'relay_rule', id: 'a-7', parentId: 'a', doc: { id: 'a-7', cidr: '192.0.2.0/24' }, secrets: {} }));
  const second = await reader.snapshot();
  assert.equal(second.version, first.version + 1);
  assert.equal(second.virtualServers[1], first.virtualServers[1], 'b did not change');
  assert.notEqual(second.virtualServers[0], first.virtualServers[0]);
  assert.notEqual(second.virtualServers[0].relayRules, first.virtualServers[0].relayRules, 'a new list: the old snapshot keeps its own');
  assert.equal(first.virtualServers[0].relayRules[7].cidr, '10.0.7.0/24');
  assert.equal(second.virtualServers[0].relayRules[6], first.virtualServers[0].relayRules[6], 'unchanged rules keep their objects');
  assert.equal(second.virtualServers[0].relayRules[7].cidr, '192.0.2.0/24');
});
