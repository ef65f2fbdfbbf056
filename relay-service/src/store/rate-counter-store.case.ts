// The RateCounterStore conformance suite: the SQLite and PostgreSQL counters run these same cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RateCounterStore } from './rate-counter-store.ts';

/** What an engine's test supplies: `open` gives a store on fresh storage, `openShared` another one on the same storage. */
export interface RateCounterHarness {
  open(): Promise<RateCounterStore>;
  openShared(): Promise<RateCounterStore>;
}

/** Registers the cases under `name`. */
export function rateCounterStoreConformance(name: string, harness: RateCounterHarness): void {
  test(`${name} rate counters: count up to the limit, then refuse; another key and the next window start from zero`, async () => {
    const store = await harness.open();
    try {
      const take = (window: number, key: string) => store.take(window, [{ key, limit: 3 }]);
      assert.deepEqual([await take(100, 'a'), await take(100, 'a'), await take(100, 'a'), await take(100, 'a')], [-1, -1, -1, 0]);
      assert.equal(await take(100, 'b'), -1, 'another key has its own count');
      assert.equal(await take(101, 'a'), -1, 'the next window starts again');
      assert.equal(await take(100, 'a'), 0, 'the previous window is still full');
    } finally {
      await store.close();
    }
  });

  test(`${name} rate counters: all or nothing; the refused counter's index is returned and nothing is added`, async () => {
    const store = await harness.open();
    try {
      assert.equal(await store.take(7, [{ key: 'ip', limit: 5 }, { key: 'domain', limit: 1 }]), -1);
      assert.equal(await store.take(7, [{ key: 'ip', limit: 5 }, { key: 'domain', limit: 1 }]), 1, 'domain is full');
      // ip has 1 (the refused take added nothing): four more fit, the fifth does not.
      for (let i = 0; i < 4; i++) assert.equal(await store.take(7, [{ key: 'ip', limit: 5 }]), -1, `take ${i}`);
      assert.equal(await store.take(7, [{ key: 'ip', limit: 5 }]), 0);
    } finally {
      await store.close();
    }
  });

  test(`${name} rate counters: two stores on the same storage racing 200 takes never pass the limit together`, async () => {
    const first = await harness.open();
    const second = await harness.openShared();
    try {
      const attempts = Array.from({ length: 100 }, () => [first.take(9, [{ key: 'shared', limit: 37 }]), second.take(9, [{ key: 'shared', limit: 37 }])]).flat();
      const results = await Promise.all(attempts);
      assert.equal(results.filter((r) => r === -1).length, 37);
      assert.equal(results.filter((r) => r === 0).length, 163);
    } finally {
      await first.close();
      await second.close();
    }
  });
}
