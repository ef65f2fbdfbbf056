// Runs the ConfigStore conformance suite against PostgreSQL (a database per test), plus migration and cross-node change checks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SecretBox } from '../../auth/secret-box.ts';
import { postgresSkip, startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.ts';
import { configStoreConformance } from '../config-store.case.ts';
import { PostgresConfigStore } from './config-store.ts';
import { migratePostgresSchema, postgresSchemaVersion } from './migrations.ts';

if (postgresSkip) {
  test('postgres config store', { skip: postgresSkip }, () => undefined);
} else {
  let server: TestPostgres;
  before(async () => { server = await startTestPostgres(); });
  after(() => server?.stop());
  let current = '';

  configStoreConformance('postgres', {
    open: async () => PostgresConfigStore.open((current = await server.createDatabase())),
    reopen: async () => PostgresConfigStore.open(current),
  });

  test('postgres: two nodes migrating one database at once apply each migration once', async () => {
    const url = await server.createDatabase();
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    try {
      const versions = await Promise.all(pools.map((pool) => migratePostgresSchema(pool)));
      assert.deepEqual(versions, [postgresSchemaVersion, postgresSchemaVersion]);
      const { rows } = await pools[0].query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), Array.from({ length: postgresSchemaVersion }, (_, i) => i + 1));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  test('postgres: a commit on one node fires onChange on another within a second, with the same version (ETag)', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await PostgresConfigStore.open(url, { pollMs: 60_000 }), await PostgresConfigStore.open(url, { pollMs: 60_000 })];
    try {
      const seen: number[] = [];
      const fired = new Promise<number>((resolve) => b.onChange(() => { seen.push(Date.now()); resolve(Date.now()); }));
      const started = Date.now();
      const version = await a.transaction(async (tx) => tx.put({ kind: 'virtual_server', id: 'vs1', parentId: null, doc: { name: 'one' }, secrets: {} }));
      const at = await Promise.race([fired, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no change event on b')), 1000))]);
      assert.ok(at - started < 1000, `event after ${at - started} ms`);
      assert.equal((await b.get('virtual_server', 'vs1'))?.version, version);
      await a.transaction(async (tx) => tx.appendAudit({ actor: 'admin', action: 'issue_token', object_type: 'token', object_id: 't', before: null, after: null }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(seen.length, 1, 'no event for an audit-only commit, none twice');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('postgres: the version poll catches a change whose notice was missed', async () => {
    const url = await server.createDatabase();
    const store = await PostgresConfigStore.open(url, { pollMs: 100 });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      let events = 0;
      store.onChange(() => events++);
      // A commit that bumps the version without NOTIFY, as if the notice were lost with the LISTEN connection.
      await other.query('UPDATE config_meta SET config_version = config_version + 1');
      for (let waited = 0; events === 0 && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(events, 1);
    } finally {
      await other.end();
      await store.close();
    }
  });

  test('postgres: a node whose secret.key differs from the first node\'s is refused at open', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-keys-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const [first, other] = [SecretBox.fromKeyFile(join(dir, 'first.key')), SecretBox.fromKeyFile(join(dir, 'other.key'))];
    const url = await server.createDatabase();
    const [a, b] = [await PostgresConfigStore.open(url), await PostgresConfigStore.open(url)];
    try {
      await a.checkSecretKey(first);
      await b.checkSecretKey(first);
      await assert.rejects(b.checkSecretKey(other), /secret key \(<data-dir>\/secret.key\) differs/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('postgres: reads started together see one committed state', async () => {
    const url = await server.createDatabase();
    const store = await PostgresConfigStore.open(url);
    try {
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          await store.transaction(async (tx) => {
            await tx.put({ kind: 'virtual_server', id: `vs${i}`, parentId: null, doc: {}, secrets: {} });
            await tx.put({ kind: 'relay_rule', id: `r${i}`, parentId: `vs${i}`, doc: {}, secrets: {} });
          });
        }
      })();
      try {
        for (let round = 0; round < 30; round++) {
          const [version, servers, rules] = await Promise.all([store.configVersion(), store.list('virtual_server'), store.list('relay_rule')]);
          assert.equal(servers.length, version);
          assert.equal(rules.length, version);
        }
      } finally {
        stop = true;
        await writer;
      }
    } finally {
      await store.close();
    }
  });
}
