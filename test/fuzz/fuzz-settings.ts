// Run settings for the property tests: a pinned seed per property (CI reruns are reproducible, and a failure
// prints the seed and path to replay it) and a numRuns sized for a 2-core CI, both overridable:
//   FUZZ_NUM_RUNS=20000 npx vitest run test/fuzz        every property runs 20,000 times (no test timeout)
//   FUZZ_SEED=random FUZZ_NUM_RUNS=5000 npx vitest ...  fresh seeds, printed on failure; FUZZ_SEED=123 pins one

export interface FuzzSettings {
  readonly seed: number;
  readonly numRuns: number;
}

export function fuzzSettings(seed: number, numRuns: number): FuzzSettings {
  const runs = Number(process.env.FUZZ_NUM_RUNS);
  const seedEnv = process.env.FUZZ_SEED ?? '';
  return {
    seed: seedEnv === 'random' ? Math.floor(Math.random() * 0x7fffffff) : seedEnv !== '' ? Number(seedEnv) : seed,
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : numRuns,
  };
}

/** The vitest timeout of a property: the default, or a day when FUZZ_NUM_RUNS asks for a long run. */
export function fuzzTimeout(defaultMs = 30_000): number {
  return process.env.FUZZ_NUM_RUNS ? 24 * 60 * 60 * 1000 : defaultMs;
}
