// Tests the admin token bootstrap: generated once per store, written 0600, never twice on a shared store.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteConfigStore } from '../store/sqlite/config-store.ts';
import { bootstrapAdminToken } from './admin-token.ts';
import { hashBearerToken } from './bearer-token.ts';

test('two nodes bootstrapping one shared store create one admin token; the second keeps it', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'admin-token-'));
  const store = SqliteConfigStore.open(join(root, 'config.sqlite'));
  t.after(async () => { await store.close(); rmSync(root, { recursive: true, force: true }); });
  const nodeA = mkdtempSync(join(root, 'node-a-'));
  const nodeB = mkdtempSync(join(root, 'node-b-'));

  const [a, b] = await Promise.all([bootstrapAdminToken(store, nodeA, undefined), bootstrapAdminToken(store, nodeB, undefined)]);
  const outcomes = [a, b].map((o) => o.source).sort();
  assert.deepEqual(outcomes, ['generated', 'kept']);
  const generated = a.source === 'generated' ? a : b.source === 'generated' ? b : assert.fail('none generated');
  assert.equal(readFileSync(generated.file, 'utf8').trim(), generated.token);
  assert.equal(statSync(generated.file).mode & 0o777, 0o600);
  assert.notEqual(await store.findToken(hashBearerToken(generated.token)), null, 'the printed token is the stored one');
  const loser = generated.file.startsWith(nodeA) ? nodeB : nodeA;
  assert.equal(existsSync(join(loser, 'admin-token')), false, 'no file with a token that does not work');

  assert.deepEqual(await bootstrapAdminToken(store, nodeB, undefined), { source: 'kept' }, 'a later start keeps it too');
  assert.notEqual(await store.findToken(hashBearerToken(generated.token)), null);
});
