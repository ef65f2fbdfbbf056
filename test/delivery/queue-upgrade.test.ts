// A queue written by the schema before SMTPUTF8/BODY were stored (version 2) opens with this relay, and its mail is delivered.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startDeliveryWorker } from '../../relay-service/src/delivery/delivery-worker.ts';
import { cacheSnapshots } from '../../relay-service/src/config/snapshot-cache.ts';
import { createLogger } from '../../relay-service/src/logger.ts';
import { PostgresQueueStore } from '../../relay-service/src/store/postgres/queue-store.ts';
import type { QueueStore } from '../../relay-service/src/store/queue-store.ts';
import { queueSchemaVersion } from '../../relay-service/src/store/sqlite/queue-schema.ts';
import { SqliteQueueStore } from '../../relay-service/src/store/sqlite/queue-store.ts';
import { postgresSkip, startTestPostgres } from '../support/postgres.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

const recipients = JSON.stringify([{ address: 'bob@far.test', status: 'pending', last_error: null }]);
const data = testMessage('old@sender.test', ['bob@far.test'], 'queued-before-upgrade@sender.test');

/** Opens `store` as a relay would, checks the old message reads as "no SMTPUTF8, no BODY", delivers it to a sink. */
async function deliverOldMail(t: TestContext, store: QueueStore): Promise<SmtpSink> {
  const next = await startSmtpSink();
  t.after(() => next.stop());
  const old = await store.get('m-old');
  assert.deepEqual([old?.sender, old?.recipients.map((r) => r.address), old?.smtputf8, old?.body], ['old@sender.test', ['bob@far.test'], false, null]);
  const config = staticConfig([virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: next.port } })]);
  const worker = startDeliveryWorker({ queue: store, snapshots: cacheSnapshots(config, config), logger: createLogger('silent'), nodeId: 'node-upgrade' });
  try {
    const [got] = await next.waitFor(1);
    assert.deepEqual([got.from, got.to, got.messageId], ['old@sender.test', ['bob@far.test'], 'queued-before-upgrade@sender.test']);
    assert.deepEqual(got.mailParameters, {}, 'no parameters it did not have');
    const deadline = Date.now() + 5_000;
    while ((await store.get('m-old')) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await store.get('m-old'), null, 'delivered and removed');
  } finally {
    await worker.stop();
  }
  return next;
}

test('sqlite: a version 2 queue file is migrated and its queued message delivered', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-queue-upgrade-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'queue.sqlite');
  // The version 2 schema as it shipped, and a row as that relay wrote it.
  const v2 = new Database(file);
  v2.pragma('journal_mode = WAL');
  v2.exec(`CREATE TABLE queue_messages (id TEXT PRIMARY KEY, virtual_server_id TEXT NOT NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL,
     size INTEGER NOT NULL, client_ip TEXT NOT NULL, authenticated_as TEXT, received_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, state TEXT NOT NULL CHECK (state IN ('fresh', 'deferred')),
     delay_notified INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_expires_at INTEGER) WITHOUT ROWID;
   CREATE INDEX queue_messages_due ON queue_messages (state, next_attempt_at);
   CREATE TABLE queue_data (id TEXT PRIMARY KEY, data BLOB NOT NULL);
   PRAGMA user_version = 2;`);
  const at = Date.now() - 1000;
  v2.prepare(`INSERT INTO queue_messages (id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as, received_at, next_attempt_at, state)
    VALUES ('m-old', 'vs', 'old@sender.test', ?, ?, '127.0.0.1', NULL, ?, ?, 'fresh')`).run(recipients, data.length, at, at);
  v2.prepare('INSERT INTO queue_data (id, data) VALUES (?, ?)').run('m-old', data);
  v2.close();

  const store = SqliteQueueStore.open(file);
  try {
    await deliverOldMail(t, store);
  } finally {
    await store.close();
  }
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), queueSchemaVersion);
  } finally {
    db.close();
  }
});

test('postgres: a version 2 database is migrated and its queued message delivered', { skip: postgresSkip }, async (t) => {
  const server = await startTestPostgres();
  t.after(() => server.stop());
  const url = await server.createDatabase();
  // Version 2 is the current schema without what migrations 3 and later added (two columns, the dead-letter store, the
  // managed-by marker, traffic minutes, rate counters, the config change log): build the current schema, then take them back out.
  await (await PostgresQueueStore.open(url)).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE dead_letters, object_managers, traffic_minutes, rate_counters, config_changes');
    await client.query('ALTER TABLE queue_messages DROP COLUMN smtputf8, DROP COLUMN body, DROP COLUMN dead_letter_notice');
    await client.query('DELETE FROM schema_migrations WHERE version >= 3');
    const at = new Date(Date.now() - 1000);
    await client.query(`INSERT INTO queue_messages (id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as, received_at, next_attempt_at, state)
      VALUES ('m-old', 'vs', 'old@sender.test', $1::json, $2, '127.0.0.1', NULL, $3, $3, 'fresh')`, [recipients, data.length, at]);
    await client.query('INSERT INTO queue_data (id, data) VALUES ($1, $2)', ['m-old', data]);
  } finally {
    await client.end();
  }
  const store = await PostgresQueueStore.open(url);
  try {
    await deliverOldMail(t, store);
  } finally {
    await store.close();
  }
});
