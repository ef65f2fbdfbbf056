// StoreConfigReader's incremental snapshots equal a full read of the store after random creates, updates and deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../test/support/seeded-random.ts';
import { SecretBox } from '../auth/secret-box.ts';
import type { ConfigStore, ObjectKind } from '../store/config-store.ts';
import { SqliteConfigStore } from '../store/sqlite/config-store.ts';
import type { ConfigSnapshot } from './config-reader.ts';
import { StoreConfigReader } from './store-config-reader.ts';

/** The snapshot as the reader made it before it was incremental: every object of the four kinds read again. */
async function fullRead(store: ConfigStore): Promise<ConfigSnapshot> {
  const [version, servers, connectionRules, relayRules, remoteDomains] = await Promise.all([
    store.configVersion(),
    ...(['virtual_server', 'connection_rule', 'relay_rule', 'remote_domain'] as const).map((kind) => store.list(kind)),
  ]);
  const childrenOf = (objects: typeof servers, id: string) => objects.filter((o) => o.parentId === id).map((o) => o.doc);
  return {
    version,
    virtualServers: servers.map((s) => ({
      server: s.doc, connectionRules: childrenOf(connectionRules, s.id), relayRules: childrenOf(relayRules, s.id), remoteDomains: childrenOf(remoteDomains, s.id),
    })),
  } as unknown as ConfigSnapshot;
}

test('after a random sequence of creates, updates and deletes the incremental snapshot equals a full read', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'incremental-snapshot-'));
  const store = SqliteConfigStore.open(join(root, 'config.sqlite'));
  t.after(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });
  const reader = new StoreConfigReader(store, SecretBox.fromKeyFile(join(root, 'secret.key')));
  const seed = Number(process.env.SNAPSHOT_SEED ?? randomInt(2 ** 31));
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: T[]) => items[int(items.length)];
  const live = new Map<ObjectKind, Set<string>>((['virtual_server', 'connection_rule', 'relay_rule', 'remote_domain'] as const).map((k) => [k, new Set()]));
  const parentOf = new Map<string, string>();
  let counter = 0;
  let snapshots = 0;
  for (let step = 0; step < 400; step += 1) {
    // One commit of 1-4 writes, sometimes none between two snapshots, sometimes several commits.
    await store.transaction(async (tx) => {
      for (let w = 1 + int(4); w > 0; w -= 1) {
        const servers = [...live.get('virtual_server')!];
        const roll = int(20);
        if (roll < 2 || servers.length === 0) {
          const id = `vs-${counter++}`;
          await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: id, port: 2000 + counter }, secrets: {} });
          live.get('virtual_server')!.add(id);
        } else if (roll < 3) {
          const id = pick(servers);
          await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: `${id}-renamed-${counter++}`, port: 3000 + counter }, secrets: {} });
        } else if (roll < 4 && servers.length > 1) {
          // A server goes with its children, as the API's cascade does.
          const id = pick(servers);
          for (const kind of ['connection_rule', 'relay_rule', 'remote_domain'] as const) {
            for (const child of [...live.get(kind)!].filter((c) => parentOf.get(c) === id)) {
              await tx.delete(kind, child);
              live.get(kind)!.delete(child);
            }
          }
          await tx.delete('virtual_server', id);
          live.get('virtual_server')!.delete(id);
        } else {
          const kind = pick(['connection_rule', 'relay_rule', 'relay_rule', 'remote_domain'] as const);
          const existing = [...live.get(kind)!];
          const action = existing.length === 0 ? 0 : int(3);
          if (action === 0) {
            const id = `${kind}-${counter++}`;
            const parent = pick(servers);
            await tx.put({ kind, id, parentId: parent, doc: { id, virtual_server_id: parent, cidr: `10.${counter % 256}.0.0/16` }, secrets: {} });
            live.get(kind)!.add(id);
            parentOf.set(id, parent);
          } else if (action === 1) {
            const id = pick(existing);
            await tx.put({ kind, id, parentId: parentOf.get(id)!, doc: { id, virtual_server_id: parentOf.get(id), cidr: `10.${counter++ % 256}.1.0/24` }, secrets: {} });
          } else {
            const id = pick(existing);
            await tx.delete(kind, id);
            live.get(kind)!.delete(id);
          }
        }
      }
    });
    if (int(3) === 0) continue;
    const before = await reader.snapshot();
    const expected = await fullRead(store);
    assert.deepEqual(before, expected, `seed ${seed} (SNAPSHOT_SEED=${seed} repeats it), step ${step}`);
    snapshots += 1;
  }
  assert.ok(snapshots > 100, `seed ${seed}: only ${snapshots} snapshots compared`);
  assert.ok(live.get('relay_rule')!.size > 0 || live.get('connection_rule')!.size > 0, `seed ${seed}: the sequence left no rules to compare`);
});

test('a change to one server keeps the other servers\' configs, the very same objects (their rule indexes are kept)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'incremental-snapshot-'));
  const store = SqliteConfigStore.open(join(root, 'config.sqlite'));
  t.after(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });
  const reader = new StoreConfigReader(store, SecretBox.fromKeyFile(join(root, 'secret.key')));
  await store.transaction(async (tx) => {
    for (const id of ['a', 'b']) {
      await tx.put({ kind: 'virtual_server', id, parentId: null, doc: { id, name: id }, secrets: {} });
      for (let i = 0; i < 50; i += 1) await tx.put({ kind: 'relay_rule', id: `${id}-${i}`, parentId: id, doc: { id: `${id}-${i}`, cidr: `10.0.${i}.0/24` }, secrets: {} });
    }
  });
  const first = await reader.snapshot();
  assert.equal(await reader.snapshot(), first, 'no change: the same snapshot');
  await store.transaction(async (tx) => tx.put({ kind: 'relay_rule', id: 'a-7', parentId: 'a', doc: { id: 'a-7', cidr: '192.0.2.0/24' }, secrets: {} }));
  const second = await reader.snapshot();
  assert.equal(second.version, first.version + 1);
  assert.equal(second.virtualServers[1], first.virtualServers[1], 'b did not change');
  assert.notEqual(second.virtualServers[0], first.virtualServers[0]);
  assert.equal(second.virtualServers[0].relayRules[6], first.virtualServers[0].relayRules[6], 'unchanged rules keep their objects');
  assert.equal(second.virtualServers[0].relayRules[7].cidr, '192.0.2.0/24');
});
