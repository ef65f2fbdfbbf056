// Random fuzz choices from one seed (test/support/seeded-random.ts), so a fuzz run can be replayed from its printed seed.
import { seededRandom } from '../support/seeded-random.ts';

/** Random choices drawn from one 32-bit seed; the same seed gives the same sequence. */
export class Prng {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `length` random bytes. */
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

/** The seed from FUZZ_SEED (to replay a failure), else a fresh one. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given ? Number(given) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}
