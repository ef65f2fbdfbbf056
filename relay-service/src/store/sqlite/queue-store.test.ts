// Runs the QueueStore conformance suite against SQLite files in a temp dir, plus SQLite-specific pragma checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { queueStoreConformance } from '../queue-store.case.ts';
import { trafficStatsConformance } from '../traffic-stats.case.ts';
import { queueSchemaVersion } from './queue-schema.ts';
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
trafficStatsConformance('sqlite', async () => SqliteQueueStore.open(join(root, `queue-${n++}.sqlite`)));

test('sqlite: the queue file is in WAL mode and records its schema version', async () => {
  const file = join(root, 'pragmas.sqlite');
  await SqliteQueueStore.open(file).close();
  const db = new Database(file);
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), queueSchemaVersion);
  } finally {
    db.close();
  }
});

test('sqlite: minutes counted before traffic_minutes had rate_limited read it as 0 after the migration', async () => {
  const file = join(root, 'before-rate-limited.sqlite');
  await (SqliteQueueStore.open(file)).close();
  // Back to the schema before the last migration, with a minute counted then.
  const old = new Database(file);
  old.exec(`ALTER TABLE traffic_minutes DROP COLUMN rate_limited;
    INSERT INTO traffic_minutes (minute, virtual_server_id, node_id, accepted, queue_size) VALUES (60000, 'vs', 'node-a', 4, 2);
    PRAGMA user_version = ${queueSchemaVersion - 1};`);
  old.close();
  const store = SqliteQueueStore.open(file);
  try {
    assert.deepEqual(await store.traffic.readTraffic({ from: new Date(0), to: new Date(120_000), virtualServerIds: null }), [
      { minute: new Date(60_000), virtual_server_id: 'vs', accepted: 4, delivered: 0, deferred: 0, bounced: 0, rate_limited: 0, queue_size: 2 },
    ]);
  } finally {
    await store.close();
  }
});

test('sqlite: a version 1 queue file is migrated with its mail, leases and data, and each message writes fewer pages', async () => {
  const file = join(root, 'v1.sqlite');
  const v1 = new Database(file);
  v1.pragma('journal_mode = WAL');
  v1.exec(`CREATE TABLE queue_messages (id TEXT PRIMARY KEY, virtual_server_id TEXT NOT NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL,
     size INTEGER NOT NULL, client_ip TEXT NOT NULL, authenticated_as TEXT, received_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, state TEXT NOT NULL CHECK (state IN ('fresh', 'deferred')),
     delay_notified INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_expires_at INTEGER);
   CREATE INDEX queue_messages_due ON queue_messages (state, next_attempt_at);
   CREATE INDEX queue_messages_server ON queue_messages (virtual_server_id, received_at);
   CREATE TABLE queue_data (id TEXT PRIMARY KEY, data BLOB NOT NULL);
   PRAGMA user_version = 1;`);
  const recipients = JSON.stringify([{ address: 'a@b.test', status: 'pending' }]);
  v1.prepare(`INSERT INTO queue_messages VALUES ('m1', 'vs', 's@x.test', ?, 3, '127.0.0.1', NULL, 1000, 5000, 2, '451 busy', 'deferred', 0, NULL, NULL)`).run(recipients);
  v1.prepare(`INSERT INTO queue_messages VALUES ('m2', 'vs', '', ?, 3, '127.0.0.2', 'alice', 2000, 2000, 0, NULL, 'fresh', 0, 'node-a', 9000)`).run(recipients);
  v1.prepare(`INSERT INTO queue_data VALUES ('m1', x'616263'), ('m2', x'646566')`).run();
  v1.close();

  const store = SqliteQueueStore.open(file);
  try {
    assert.deepEqual(await store.count(), { fresh: 1, deferred: 1 });
    const m1 = await store.get('m1');
    assert.deepEqual([m1?.attempts, m1?.last_error, m1?.next_attempt_at.getTime(), m1?.recipients], [2, '451 busy', 5000, [{ address: 'a@b.test', status: 'pending' }]]);
    assert.equal((await store.get('m2'))?.authenticated_as, 'alice');
    // m2's lease is still held: the due claim takes m1 only, with its data.
    const claimed = await store.claimDue('node-b', new Date(6000), 10, 60_000);
    assert.deepEqual(claimed.map((m) => m.id), ['m1']);
    assert.equal(String(await store.readData('m1')), 'abc');
  } finally {
    await store.close();
  }
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), queueSchemaVersion);
    const schema = db.prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'queue_messages'").all() as Array<{ name: string; sql: string | null }>;
    // No index by virtual server (no query used it); the partial index of leased messages holds at most the active windows.
    assert.deepEqual(schema.map((row) => row.name).sort(), ['queue_messages', 'queue_messages_due', 'queue_messages_lease_owner']);
    assert.match(schema.find((row) => row.name === 'queue_messages')!.sql!, /WITHOUT ROWID$/);
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

test('sqlite: an attempt outcome is synced by the next enqueue\'s fsync, or by one of its own when no enqueue follows (at the latest on close)', async () => {
  // A minute: the enqueue below comes long before, however loaded the machine; the last outcome is synced by close().
  const store = SqliteQueueStore.open(join(root, 'outcome-synced.sqlite'), { outcomeSyncMs: 60_000 });
  let closed = false;
  try {
    const message = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
    const first = await store.enqueueClaimed(message, Buffer.from('m1'), 'node', 60_000, { alone: true });
    await store.recordAttempt(first.id, { recipients: [{ address: 'a@b.test', status: 'delivered', last_error: null }], next_attempt_at: new Date(), last_error: null });
    // The next message comes before the outcome's own fsync would: one fsync makes both durable.
    const second = await store.enqueueClaimed(message, Buffer.from('m2'), 'node', 60_000, { alone: true });
    assert.deepEqual([store.syncs, store.inlineSyncs], [2, 2], 'one fsync per enqueue, none for the outcome between them');
    await store.recordAttempt(second.id, { recipients: [{ address: 'a@b.test', status: 'delivered', last_error: null }], next_attempt_at: new Date(), last_error: null });
    assert.equal(await store.get(first.id), null);
    assert.equal(store.syncs, 2, 'the last outcome waits for an fsync to ride on');
    await store.close();
    closed = true;
    assert.deepEqual([store.syncs, store.inlineSyncs], [3, 2], 'with none coming, the last outcome got a thread-pool fsync of its own before the store closed');
  } finally {
    if (!closed) await store.close();
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

test('sqlite: WAL checkpoints run on the checkpoint thread between commits, complete, and keep the WAL small', async () => {
  const file = join(root, 'checkpointed.sqlite');
  const store = SqliteQueueStore.open(file);
  try {
    const message = { virtual_server_id: 'vs', sender: '', recipients: ['a@b.test'], client_ip: '127.0.0.1', authenticated_as: null };
    const body = Buffer.alloc(1024, 'x');
    let walPeak = 0;
    for (let round = 0; round < 150; round++) {
      const ids = await Promise.all(Array.from({ length: 50 }, () => store.enqueue(message, body)));
      await Promise.all(ids.map((id) => store.recordAttempt(id, { recipients: [{ address: 'a@b.test', status: 'delivered', last_error: null }], next_attempt_at: new Date(), last_error: null })));
      walPeak = Math.max(walPeak, statSync(`${file}-wal`).size);
    }
    assert.ok(store.checkpoints >= 10, `${store.checkpoints} of 60 checkpoints ran on the thread`);
    // Without checkpoints these 15000 writes of ~1 KB leave a WAL of about 28 MB; with each checkpoint completing,
    // the WAL restarts and holds only what was written since the last one (250 writes, ~1-2 MB).
    assert.ok(walPeak < 4 * 1024 * 1024, `the WAL peaked at ${walPeak} bytes`);
  } finally {
    await store.close();
  }
  const db = new Database(file);
  try {
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'other connections keep SQLite\'s default; only the store turns it off');
  } finally {
    db.close();
  }
});

test('sqlite: releaseLeases at start-up reads the leased messages through an index, not the whole queue', async () => {
  const file = join(root, 'release.sqlite');
  const store = SqliteQueueStore.open(file);
  const message = { virtual_server_id: 'vs', sender: 'a@x.test', recipients: ['b@y.test'], client_ip: '127.0.0.1', authenticated_as: null };
  await Promise.all(Array.from({ length: 50 }, () => store.enqueue(message, Buffer.from('queued'))));
  await store.enqueueClaimed(message, Buffer.from('in delivery'), 'node-a', 60_000);
  const db = new Database(file, { readonly: true });
  try {
    // The statement releaseLeases runs; a SCAN of queue_messages would make a start-up cost grow with the queue.
    const plan = db.prepare('EXPLAIN QUERY PLAN UPDATE queue_messages SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?')
      .all('node-a') as Array<{ detail: string }>;
    assert.deepEqual(plan.map((p) => p.detail), ['SEARCH queue_messages USING INDEX queue_messages_lease_owner (lease_owner=?)']);
  } finally {
    db.close();
  }
  assert.equal(await store.releaseLeases('node-a'), 1);
  assert.equal(await store.releaseLeases('node-a'), 0);
  await store.close();
});
