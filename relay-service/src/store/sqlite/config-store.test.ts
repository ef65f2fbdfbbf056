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
    assert.deepEqual(rows.map((r) => r.version), [1]);
    assert.equal((db.pragma('journal_mode', { simple: true }) as string).toLowerCase(), 'wal');
  } finally {
    db.close();
  }
});
