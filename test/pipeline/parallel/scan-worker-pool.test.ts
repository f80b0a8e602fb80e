// The scan workers' pool: started before the main thread's knowledge is loaded, with a capped young generation
// (a worker's RSS on the bench corpus, bench/README.md), and closed cleanly whether or not it was put to work.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../../src/cli/package-info.js';
import { ScanWorkerPool, WORKER_YOUNG_GENERATION_MB } from '../../../src/pipeline/parallel/scan-in-parallel.js';

let pool: ScanWorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('ScanWorkerPool', () => {
  it('starts the workers it is asked for, each with the capped young generation', () => {
    pool = ScanWorkerPool.start(2, { knowledge: { catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR } });
    expect(pool.workers).toHaveLength(2);
    for (const w of pool.workers) expect(w.resourceLimits?.maxYoungGenerationSizeMb).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it('starts none for 0 and closes at once', async () => {
    pool = ScanWorkerPool.start(0, { knowledge: { catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR } });
    expect(pool.workers).toHaveLength(0);
    await pool.close();
    expect(pool.failed).toBeUndefined();
  });
});
