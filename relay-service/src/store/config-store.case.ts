// The conformance suite every ConfigStore implementation must pass; each engine's test calls it with a factory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeLogCommits, type ConfigChanges, type ConfigStore } from './config-store.ts';

/** `open` returns a new, empty store (e.g. a fresh file or schema); `reopen` one over the data of the last `open`, after it was closed. */
export interface ConfigStoreFactory {
  open(): Promise<ConfigStore>;
  reopen(): Promise<ConfigStore>;
}

const vs = (id: string, name = id) => ({ kind: 'virtual_server' as const, id, parentId: null, doc: { id, name }, secrets: {} });

/** Registers the suite's tests under the current `describe`/file. */
export function configStoreConformance(name: string, factory: ConfigStoreFactory): void {
  test(`${name}: a new store is empty at version 0`, async () => {
    const store = await factory.open();
    try {
      assert.equal(await store.configVersion(), 0);
      assert.deepEqual(await store.list('virtual_server'), []);
      assert.equal(await store.get('account', 'missing'), null);
    } finally {
      await store.close();
    }
  });

  test(`${name}: each changing commit bumps the version once and stamps the objects it wrote`, async () => {
    const store = await factory.open();
    try {
      const version = await store.transaction(async (tx) => {
        await tx.put(vs('a'));
        return tx.put({ kind: 'operator', id: 'o1', parentId: 'a', doc: { account_id: 'x' }, secrets: { s: 'c' } });
      });
      assert.equal(version, 1);
      assert.equal(await store.configVersion(), 1);
      const stored = await store.get('operator', 'o1');
      assert.deepEqual(stored, { kind: 'operator', id: 'o1', parentId: 'a', doc: { account_id: 'x' }, secrets: { s: 'c' }, version: 1 });
      await store.transaction(async (tx) => tx.appendAudit({ actor: 'admin', action: 'issue_token', object_type: 'token', object_id: 't', before: null, after: null }));
      assert.equal(await store.configVersion(), 1, 'an audit-only transaction is not a config change');
      await store.transaction(async (tx) => tx.put(vs('b')));
      assert.equal((await store.get('virtual_server', 'b'))?.version, 2);
      assert.deepEqual((await store.list('virtual_server')).map((o) => o.id), ['a', 'b']);
      assert.deepEqual((await store.list('operator', { parentId: 'a' })).map((o) => o.id), ['o1']);
      assert.deepEqual(await store.list('operator', { parentId: 'b' }), []);
      await store.transaction(async (tx) => tx.put({ ...vs('a'), doc: { name: 'a2' } }));
      const servers = await store.listVersions('virtual_server');
      assert.deepEqual(servers.map(({ position: _, ...stamp }) => stamp), [{ id: 'a', parentId: null, version: 3 }, { id: 'b', parentId: null, version: 2 }],
        'creation order, each with the commit that last wrote it');
      assert.ok(servers[0].position < servers[1].position, 'positions follow creation order, an update keeps its own');
      assert.deepEqual((await store.listVersions('operator')).map(({ position: _, ...stamp }) => stamp), [{ id: 'o1', parentId: 'a', version: 1 }]);
    } finally {
      await store.close();
    }
  });

  test(`${name}: the change log tells what each commit after a version wrote or deleted, as it is now`, async () => {
    const store = await factory.open();
    try {
      assert.deepEqual(await store.changesSince(0), { version: 0, changes: [] });
      await store.transaction(async (tx) => {
        await tx.put(vs('a'));
        await tx.put(vs('b'));
        await tx.put({ kind: 'relay_rule', id: 'r1', parentId: 'a', doc: { cidr: '10.0.0.0/8' }, secrets: {} });
      });
      await store.transaction(async (tx) => tx.appendAudit({ actor: 'admin', action: 'issue_token', object_type: 'token', object_id: 't', before: null, after: null }));
      await store.transaction(async (tx) => {
        await tx.put({ kind: 'relay_rule', id: 'r1', parentId: 'b', doc: { cidr: '10.0.0.0/9' }, secrets: {} });
        await tx.delete('virtual_server', 'a');
        await tx.put(vs('c'));
        await tx.delete('virtual_server', 'c');
      });
      await store.transaction(async (tx) => tx.put(vs('b', 'b2')));
      const servers = await store.listVersions('virtual_server');
      assert.deepEqual(servers.map((stamp) => stamp.id), ['b']);
      const [b, rule] = [servers[0], (await store.listVersions('relay_rule'))[0]];
      const sorted = (changes: ConfigChanges | null) => changes && { ...changes, changes: [...changes.changes].sort((x, y) => `${x.kind}/${x.id}`.localeCompare(`${y.kind}/${y.id}`)) };
      assert.deepEqual(sorted(await store.changesSince(1)), {
        version: 3,
        changes: [
          { kind: 'relay_rule', id: 'r1', now: { object: await store.get('relay_rule', 'r1'), position: rule.position } },
          { kind: 'virtual_server', id: 'a', now: null },
          { kind: 'virtual_server', id: 'b', now: { object: await store.get('virtual_server', 'b'), position: b.position } },
          { kind: 'virtual_server', id: 'c', now: null },
        ],
      }, 'each object once, as it is now (b as written by commit 3, r1 under its new parent), deleted ones as null');
      assert.deepEqual((await store.changesSince(0))?.changes.map((c) => c.id).sort(), ['a', 'b', 'c', 'r1'], 'from the start: each object once');
      assert.deepEqual(await store.changesSince(3), { version: 3, changes: [] });
      assert.equal(await store.changesSince(4), null, 'a version this store has not reached');
    } finally {
      await store.close();
    }
  });

  test(`${name}: the change log keeps the last changeLogCommits commits; a reader further behind is told to read everything`, { timeout: 120_000 }, async () => {
    const store = await factory.open();
    try {
      // In batches of concurrent transactions (each its own commit and version; SQLite shares one fsync per batch).
      for (let done = 0; done < changeLogCommits + 5; done += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.transaction(async (tx) => tx.put(vs(`s${done + i}`)))));
      }
      const version = await store.configVersion();
      assert.equal(version, changeLogCommits + 50);
      assert.equal(await store.changesSince(0), null, 'the first commits were pruned');
      assert.equal(await store.changesSince(version - changeLogCommits - 1), null);
      const oldest = await store.changesSince(version - changeLogCommits);
      assert.equal(oldest?.changes.length, changeLogCommits, 'the last changeLogCommits commits, one object each');
      assert.deepEqual((await store.changesSince(version - 2))?.changes.map((c) => c.id).sort(), [`s${version - 2}`, `s${version - 1}`]);
    } finally {
      await store.close();
    }
  });

  test(`${name}: a failing transaction changes nothing and tells nobody`, async () => {
    const store = await factory.open();
    let events = 0;
    store.onChange(() => events++);
    try {
      await assert.rejects(store.transaction(async (tx) => {
        await tx.put(vs('doomed'));
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.get('virtual_server', 'doomed'), null);
      assert.equal(await store.configVersion(), 0);
      assert.equal(events, 0);
      await store.transaction(async (tx) => tx.put(vs('ok')));
      assert.equal(events, 1);
    } finally {
      await store.close();
    }
  });

  test(`${name}: concurrent transactions are serialized`, async () => {
    const store = await factory.open();
    try {
      await store.transaction(async (tx) => tx.put({ ...vs('counter'), doc: { n: 0 } }));
      const increment = () => store.transaction(async (tx) => {
        const current = (await tx.get('virtual_server', 'counter'))!.doc.n as number;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.put({ ...vs('counter'), doc: { n: current + 1 } });
      });
      await Promise.all([increment(), increment(), increment()]);
      assert.equal((await store.get('virtual_server', 'counter'))!.doc.n, 3);
    } finally {
      await store.close();
    }
  });

  test(`${name}: deletes, tokens and the audit log survive a reopen`, async () => {
    let store = await factory.open();
    await store.transaction(async (tx) => {
      await tx.put(vs('keep'));
      await tx.put(vs('drop'));
      await tx.putToken({ hash: 'h-admin', accountId: null, expiresAt: null });
      await tx.putToken({ hash: 'h-acct', accountId: 'acc1', expiresAt: '2030-01-01T00:00:00.000Z' });
      await tx.appendAudit({ actor: 'admin', action: 'create', object_type: 'virtual_server', object_id: 'keep', before: null, after: { name: 'keep' } });
      await tx.appendAudit({ actor: 'admin', action: 'create', object_type: 'virtual_server', object_id: 'drop', before: null, after: { name: 'drop' } });
    });
    assert.equal(await store.transaction(async (tx) => tx.delete('virtual_server', 'drop')), true);
    assert.equal(await store.transaction(async (tx) => tx.delete('virtual_server', 'drop')), false);
    await store.close();
    store = await factory.reopen();
    try {
      assert.equal(await store.configVersion(), 2);
      assert.deepEqual((await store.list('virtual_server')).map((o) => o.id), ['keep']);
      assert.deepEqual(await store.findToken('h-acct'), { hash: 'h-acct', accountId: 'acc1', expiresAt: '2030-01-01T00:00:00.000Z' });
      const audit = await store.listAudit({ limit: 10, offset: 0 });
      assert.deepEqual(audit.map((e) => e.object_id), ['drop', 'keep'], 'newest first');
      assert.deepEqual(audit[1].after, { name: 'keep' });
      assert.deepEqual((await store.listAudit({ limit: 10, offset: 0, objectId: 'keep' })).length, 1);
      assert.deepEqual((await store.listAudit({ limit: 1, offset: 1 })).map((e) => e.object_id), ['keep']);
      assert.equal(await store.transaction(async (tx) => tx.purgeExpiredTokens(new Date('2029-12-31T23:59:59.000Z'))), 0);
      assert.equal(await store.transaction(async (tx) => tx.purgeExpiredTokens(new Date('2030-01-01T00:00:00.000Z'))), 1);
      assert.equal(await store.findToken('h-acct'), null, 'expired token purged');
      await store.transaction(async (tx) => tx.putToken({ hash: 'h-acct', accountId: 'acc1', expiresAt: null }));
      assert.equal(await store.transaction(async (tx) => tx.hasAdminToken()), true);
      assert.equal(await store.transaction(async (tx) => tx.deleteToken('h-other')), false, 'an unknown hash');
      assert.equal(await store.transaction(async (tx) => tx.deleteToken('h-acct')), true);
      assert.equal(await store.findToken('h-acct'), null, 'revoked');
      assert.notEqual(await store.findToken('h-admin'), null, 'only that token');
      await store.transaction(async (tx) => tx.putToken({ hash: 'h-acct', accountId: 'acc1', expiresAt: null }));
      await store.transaction(async (tx) => tx.deleteTokens('acc1'));
      assert.equal(await store.findToken('h-acct'), null);
      assert.notEqual(await store.findToken('h-admin'), null);
      await store.transaction(async (tx) => tx.putToken({ hash: 'h-acct', accountId: 'acc1', expiresAt: null }));
      await store.transaction(async (tx) => tx.deleteTokens(null));
      assert.equal(await store.findToken('h-admin'), null);
      assert.equal(await store.transaction(async (tx) => tx.hasAdminToken()), false, "an account's token is not an admin token");
    } finally {
      await store.close();
    }
  });

  test(`${name}: a manager marker is metadata: no version bump, no change event, gone with its object, kept across a reopen`, async () => {
    let store = await factory.open();
    let events = 0;
    store.onChange(() => events++);
    await store.transaction(async (tx) => {
      await tx.put(vs('tf'));
      await tx.put(vs('hand'));
      await tx.put({ kind: 'relay_rule', id: 'r1', parentId: 'tf', doc: { cidr: '192.0.2.0/24' }, secrets: {} });
    });
    assert.equal(events, 1);
    await store.transaction(async (tx) => {
      await tx.markManaged('virtual_server', 'tf', 'terraform');
      await tx.markManaged('relay_rule', 'r1', 'terraform');
    });
    assert.equal(await store.configVersion(), 1, 'marking is not a config change');
    assert.equal(events, 1, 'and tells no change listener');
    assert.equal((await store.get('virtual_server', 'tf'))?.version, 1, 'the object keeps its version (its ETag)');
    assert.deepEqual([...await store.managers('virtual_server', ['tf', 'hand'])], [['tf', 'terraform']]);
    assert.deepEqual([...await store.managers('relay_rule', ['r1'])], [['r1', 'terraform']], 'per kind');
    assert.deepEqual([...await store.managers('virtual_server', ['hand'])], [], 'only the ids asked for');
    assert.deepEqual([...await store.managers('virtual_server', [])], []);
    assert.equal(await store.transaction(async (tx) => (await tx.managers('virtual_server', ['tf'])).get('tf')), 'terraform', 'a transaction reads it too');
    await store.close();
    store = await factory.reopen();
    try {
      assert.deepEqual([...await store.managers('virtual_server', ['tf', 'hand'])], [['tf', 'terraform']]);
      await store.transaction(async (tx) => tx.delete('virtual_server', 'tf'));
      assert.deepEqual([...await store.managers('virtual_server', ['tf', 'hand'])], [], 'a delete clears the marker');
      assert.deepEqual([...await store.managers('relay_rule', ['r1'])], [['r1', 'terraform']], 'only of the object deleted');
      await store.transaction(async (tx) => tx.put(vs('tf')));
      assert.deepEqual([...await store.managers('virtual_server', ['tf'])], [], 'an object made again with the same id starts unmarked');
    } finally {
      await store.close();
    }
  });
}
