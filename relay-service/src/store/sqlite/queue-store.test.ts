// Runs the QueueStore conformance suite against SQLite files in a temp dir, plus SQLite-specific pragma checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { queueStoreConformance } from '../queue-store.case.ts';
import { SqliteQueueStore } from './queue-store.ts';

const root = mkdtempSync(join(tmpdir(), 'relay-queue-store-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./queue-store.crash-child.ts', import.meta.url));
let n = 0;
let current = '';

queueStoreConformance('sqlite', {
  open: async () => SqliteQueueStore.open((current = join(root, `queue-${n++}.sqlite`))),
  reopen: async () => SqliteQueueStore.open(current),
  spawnEnqueuer: () => spawn(process.execPath, ['--import', 'tsx', child, current], { stdio: ['ignore', 'pipe', 'inherit'] }),
  commits: (store) => (store as SqliteQueueStore).commits,
});

test('sqlite: the queue file is in WAL mode and records its schema version', async () => {
  const file = join(root, 'pragmas.sqlite');
  await SqliteQueueStore.open(file).close();
  const db = new Database(file);
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), 1);
  } finally {
    db.close();
  }
});

test('sqlite: concurrent enqueues share one commit and resolve after an fsync of the WAL that followed it', async () => {
  const store = SqliteQueueStore.open(join(root, 'synced.sqlite'));
  try {
    const message = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
    const pending = Array.from({ length: 20 }, (_, i) => store.enqueue(message, Buffer.from(`m${i}`)));
    assert.equal(store.syncs, 0);
    await Promise.all(pending);
    assert.equal(store.commits, 1);
    assert.equal(store.syncs, 1);
  } finally {
    await store.close();
  }
});

test('sqlite: a failing batch rejects every enqueue in it and nothing is half-written', async () => {
  const store = SqliteQueueStore.open(join(root, 'failing.sqlite'));
  try {
    const ok = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
    const results = await Promise.allSettled([store.enqueue(ok, Buffer.from('a')), store.enqueue({ ...ok, client_ip: null as unknown as string }, Buffer.from('b'))]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.deepEqual(await store.count(), { fresh: 0, deferred: 0 });
  } finally {
    await store.close();
  }
});
