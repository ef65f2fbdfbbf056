// Runs the RateCounterStore conformance suite against the SQLite counters file, and checks it is not fsynced.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rateCounterStoreConformance } from '../rate-counter-store.case.ts';
import { SqliteRateCounterStore } from './rate-counter-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'rate-counters-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let file = '';
let n = 0;

rateCounterStoreConformance('sqlite', {
  open: async () => SqliteRateCounterStore.open((file = join(dir, `counters-${n++}.sqlite`))),
  openShared: async () => SqliteRateCounterStore.open(file),
});

test('sqlite rate counters: WAL mode with synchronous OFF, in their own file', async () => {
  const store = SqliteRateCounterStore.open(join(dir, 'pragmas.sqlite'));
  await store.take(1, [{ key: 'k', limit: 1 }]);
  const db = new Database(join(dir, 'pragmas.sqlite'));
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT key, minute, count FROM rate_counters').all(), [{ key: 'k', minute: 1, count: 1 }]);
  } finally {
    db.close();
    await store.close();
  }
});
