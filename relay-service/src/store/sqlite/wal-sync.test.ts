// WalSync: callers share fsyncs, a call never rides on an fsync that started before it, errors reach the callers; syncSoon rides on the next fsync.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WalSync } from './wal-sync.ts';

const root = mkdtempSync(join(tmpdir(), 'relay-wal-sync-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

/** Waits until `wal` counts `syncs` fsyncs (an fsync on a loaded machine can take long), at most 10 s. */
async function syncsReach(wal: WalSync, syncs: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (wal.syncs < syncs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('calls made in one turn share one fsync; calls made while it runs share the next one', async () => {
  const file = join(root, 'shared-wal');
  writeFileSync(file, 'frames');
  const wal = new WalSync(file);
  try {
    await Promise.all(Array.from({ length: 20 }, () => wal.sync()));
    assert.equal(wal.syncs, 1);
    const first = wal.sync();
    // The round starts on the next tick; these calls come after it began, so they must not ride on it.
    await new Promise((resolve) => process.nextTick(resolve));
    const later = Array.from({ length: 50 }, () => wal.sync());
    await first;
    assert.equal(wal.syncs, 2);
    await Promise.all(later);
    assert.equal(wal.syncs, 3);
  } finally {
    await wal.close();
  }
});

test('an fsync that fails rejects its callers; later calls run a new round', async () => {
  const file = join(root, 'late-wal');
  const wal = new WalSync(file);
  try {
    await assert.rejects(wal.sync(), { code: 'ENOENT' });
    writeFileSync(file, 'frames');
    await wal.sync();
    assert.equal(wal.syncs, 1);
  } finally {
    await wal.close();
  }
});

test('sync(true) fsyncs on the calling thread before it returns, also while a thread-pool round is pending or running', async () => {
  const file = join(root, 'inline-wal');
  writeFileSync(file, 'frames');
  const wal = new WalSync(file);
  try {
    const alone = wal.sync(true);
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [1, 1], 'synced before sync(true) returned');
    await alone;
    const pending = wal.sync();
    const beside = wal.sync(true);
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [2, 2], 'a round is pending: sync(true) does not wait for it');
    await new Promise((resolve) => process.nextTick(resolve));
    const running = wal.sync(true);
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [3, 3], 'a round is running: sync(true) does not wait for it either');
    await Promise.all([pending, beside, running]);
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [4, 3], 'the thread-pool round still served its own caller');
  } finally {
    await wal.close();
  }
});

test('sync(true) on a WAL that cannot be opened rejects, without counting a sync', async () => {
  const wal = new WalSync(join(root, 'missing-wal'));
  try {
    await assert.rejects(wal.sync(true), { code: 'ENOENT' });
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [0, 0]);
  } finally {
    await wal.close();
  }
});

test('syncSoon() fsyncs in the background once its time is up when no other fsync started', async () => {
  const file = join(root, 'soon-wal');
  writeFileSync(file, 'frames');
  const wal = new WalSync(file, 20);
  try {
    wal.syncSoon();
    wal.syncSoon();
    assert.equal(wal.syncs, 0, 'nothing synced at once');
    await syncsReach(wal, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [1, 0], 'one thread-pool round for both calls, after 20 ms');
  } finally {
    await wal.close();
  }
});

test('syncSoon() rides on an fsync that starts before its time is up, inline or on the thread pool', async () => {
  const file = join(root, 'covered-wal');
  writeFileSync(file, 'frames');
  const wal = new WalSync(file, 100);
  try {
    wal.syncSoon();
    await wal.sync(true);
    wal.syncSoon();
    await wal.sync();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual([wal.syncs, wal.inlineSyncs], [2, 1], 'the two callers\' fsyncs only: none of syncSoon\'s own');
    // An fsync that was already running when syncSoon() was called does not cover it.
    const running = wal.sync();
    await new Promise((resolve) => process.nextTick(resolve));
    wal.syncSoon();
    await running;
    assert.equal(wal.syncs, 3, 'the running round');
    await syncsReach(wal, 4);
    assert.equal(wal.syncs, 4, 'then syncSoon\'s own');
  } finally {
    await wal.close();
  }
});

test('close() syncs what syncSoon() was asked for before it closes the file', async () => {
  const file = join(root, 'closing-wal');
  writeFileSync(file, 'frames');
  const wal = new WalSync(file, 60_000);
  wal.syncSoon();
  const started = Date.now();
  await wal.close();
  assert.equal(wal.syncs, 1);
  assert.ok(Date.now() - started < 10_000, 'without waiting for its time to be up');
});
