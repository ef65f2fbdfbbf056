// Runs the ConfigStore conformance suite against SQLite files in a temp dir, plus SQLite-specific migration checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { configStoreConformance } from '../config-store.case.ts';
import { SqliteConfigStore } from './config-store.ts';

const root = mkdtempSync(join(tmpdir(), 'relay-config-store-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let current = '';

configStoreConformance('sqlite', {
  open: async () => SqliteConfigStore.open((current = join(root, `config-${n++}.sqlite`))),
  reopen: async () => SqliteConfigStore.open(current),
});

test('sqlite: migrations are recorded once and reopening does not re-run them', async () => {
  const file = join(root, 'migrations.sqlite');
  (await SqliteConfigStore.open(file).close());
  (await SqliteConfigStore.open(file).close());
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
    assert.deepEqual(rows.map((r) => r.version), [1, 2, 3]);
    assert.equal((db.pragma('journal_mode', { simple: true }) as string).toLowerCase(), 'wal');
  } finally {
    db.close();
  }
});

test('sqlite: transactions queued together share one commit; a failing one is rolled back alone', async () => {
  const file = join(root, 'group-commit.sqlite');
  const store = SqliteConfigStore.open(file);
  let events = 0;
  store.onChange(() => events++);
  const put = (id: string) => store.transaction(async (tx) => {
    const version = await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id }, secrets: {} });
    await tx.appendAudit({ actor: 'admin', action: 'create', object_type: 'virtual_server', object_id: id, before: null, after: { id } });
    if (id === 'doomed') throw new Error('boom');
    return version;
  });
  const outcomes = await Promise.allSettled(['a', 'b', 'doomed', 'c', 'd'].map(put));
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  assert.deepEqual(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null)), [1, 2, null, 3, 4], 'each commit of the batch has its own version');
  assert.equal(events, 1, 'one commit, one change event');
  await store.close();

  const reopened = SqliteConfigStore.open(file);
  try {
    assert.equal(await reopened.configVersion(), 4);
    assert.deepEqual((await reopened.list('virtual_server')).map((o) => [o.id, o.version]), [['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    assert.deepEqual((await reopened.listAudit({ limit: 10, offset: 0 })).map((a) => a.object_id).sort(), ['a', 'b', 'c', 'd']);
  } finally {
    await reopened.close();
  }
});

test('sqlite: a batch that cannot begin (write lock held elsewhere) fails its callers, and the store keeps working', { timeout: 30_000 }, async () => {
  const file = join(root, 'locked.sqlite');
  const store = SqliteConfigStore.open(file);
  const other = new Database(file);
  const put = (id: string) => store.transaction((tx) => tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id }, secrets: {} }));
  try {
    other.exec('BEGIN IMMEDIATE');
    // The store waits busy_timeout (5 s) for the lock, then gives up on this batch.
    await assert.rejects(put('blocked'), /locked|busy/i);
    other.exec('ROLLBACK');
    assert.equal(await put('after'), 1, 'the next transaction commits');
    assert.deepEqual((await store.list('virtual_server')).map((o) => o.id), ['after']);
  } finally {
    other.close();
    await store.close();
  }
});
