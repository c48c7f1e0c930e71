/** Seeded PRNG (mulberry32): the same seed replays the same random outages and failures. */
export type Rng = () => number;

/** A uniform [0, 1) generator from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bench seed: `BENCH_SEED` when set, otherwise a fixed default so runs are comparable. */
export function benchSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_SEED;
  if (raw === undefined || raw === "") return 20261127;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`BENCH_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return n >>> 0;
}
