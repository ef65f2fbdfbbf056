// A small seeded PRNG (mulberry32) so a failing fault-injection run can be repeated with RELIABILITY_SEED.

/** Returns floats in [0, 1) determined by `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from RELIABILITY_SEED, else a fresh one (print it with t.diagnostic to repeat the run). */
export function runSeed(): number {
  const given = process.env.RELIABILITY_SEED;
  return given === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(given);
}
