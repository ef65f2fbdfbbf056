// Where one rule write's time goes at N rules, in process, per tree: the API's service layer, the store commit, the snapshot refresh, the index.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionRules, relayRules } from './rule-sets.ts';
import { loadRules, ruleBody } from './relays.ts';

/** Milliseconds per step of one write; `refresh` and `index` are what the next SMTP session waits for on the relay's event loop. */
interface WriteCost {
  /** ResourceService.create: authorization, validation, defaults, then the transaction. */
  create: number;
  /** The store transaction inside it: the object, its audit entry, the commit with its fsync (synchronous=FULL). */
  commit: number;
  /** StoreConfigReader.snapshot() after the change event. */
  refresh: number;
  /** The relay rule index of the changed list (first use after the change). */
  index: number;
}

/**
 * `writes` single relay-rule creations on a virtual server with `size` relay + `size` connection rules, timed step by
 * step with `tree`'s own code (SQLite store in a temp dir, synchronous=FULL as the relay runs it).
 */
export async function writeCosts(tree: string, size: number, writes: number): Promise<WriteCost[]> {
  const code = (path: string) => import(join(tree, 'relay-service/src', path));
  const { SqliteConfigStore } = await code('store/sqlite/config-store.ts');
  const { SecretBox } = await code('auth/secret-box.ts');
  const { ResourceService } = await code('api/resource-service.ts');
  const { relayRuleResource } = await code('api/resources/address-rule-resources.ts');
  const { virtualServerResource } = await code('api/resources/virtual-server-resource.ts');
  const { StoreConfigReader } = await code('config/store-config-reader.ts');
  const { addressIndex } = await code('policy/address-index.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'relayform-write-costs-'));
  try {
    const secretBox = SecretBox.fromKeyFile(join(dataDir, 'secret.key'));
    const deps = (store: unknown) => ({ store, secretBox, dataDir, hostName: 'bench.test' });
    let store = SqliteConfigStore.open(join(dataDir, 'config.sqlite'));
    const server = await new ResourceService(virtualServerResource, deps(store)).create({ kind: 'admin' }, null, { name: 'costs', port: 2525 });
    await store.close();
    await loadRules(tree, dataDir, server.id, 'relay-rules', relayRules(size, false));
    await loadRules(tree, dataDir, server.id, 'connection-rules', connectionRules(size, false));
    store = SqliteConfigStore.open(join(dataDir, 'config.sqlite'));
    let commit = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = async (work: unknown) => {
      const started = performance.now();
      try {
        return await transaction(work);
      } finally {
        commit = performance.now() - started;
      }
    };
    try {
      const service = new ResourceService(relayRuleResource, deps(store));
      const reader = new StoreConfigReader(store, secretBox);
      const relayList = async () => (await reader.snapshot()).virtualServers[0].relayRules;
      addressIndex(await relayList());
      const costs: WriteCost[] = [];
      for (let i = 0; i < writes; i += 1) {
        const t0 = performance.now();
        await service.create({ kind: 'admin' }, server.id, ruleBody({ ip_address: `203.0.${(i >> 8) & 255}.${i & 255}`, subnet_mask: null, cidr: null, domain: null }));
        const t1 = performance.now();
        const rules = await relayList();
        const t2 = performance.now();
        addressIndex(rules);
        const t3 = performance.now();
        if (rules.length !== size + i + 1) throw new Error(`${tree}: the snapshot has ${rules.length} relay rules, not ${size + i + 1}`);
        costs.push({ create: t1 - t0, commit, refresh: t2 - t1, index: t3 - t2 });
      }
      return costs;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
