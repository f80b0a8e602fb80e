// The scan workers' pool: started before the main thread's knowledge is loaded, with a capped young generation
// (a worker's RSS on the bench corpus, bench/README.md), closed cleanly whether or not it was put to work, and a
// worker that cannot be made or dies early fails the scan instead of leaving it waiting.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../../src/cli/package-info.js';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { ScanWorkerPool, scanInParallel, WORKER_YOUNG_GENERATION_MB } from '../../../src/pipeline/parallel/scan-in-parallel.js';
import type { ScanTask } from '../../../src/pipeline/parallel/plan-scan-tasks.js';

const DATA = { knowledge: { catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR } };
const NO_TASKS: readonly ScanTask[] = [];
/** A worker that fails at once, as a broken build or a missing module would. */
const failingWorker = (): Worker => new Worker('throw new Error("no module here")', { eval: true });

let pool: ScanWorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('ScanWorkerPool', () => {
  it('starts the workers it is asked for, each with the capped young generation', () => {
    pool = ScanWorkerPool.start(2, DATA);
    expect(pool.workers).toHaveLength(2);
    for (const w of pool.workers) expect(w.resourceLimits?.maxYoungGenerationSizeMb).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it('starts none for 0, closes at once, and refuses a count that is no count', async () => {
    pool = ScanWorkerPool.start(0, DATA);
    expect(pool.workers).toHaveLength(0);
    await pool.close();
    expect(pool.failed).toBeUndefined();
    expect(() => ScanWorkerPool.start(-1, DATA)).toThrow(RangeError);
    expect(() => ScanWorkerPool.start(1.5, DATA)).toThrow(RangeError);
  });

  it('keeps the workers made so far and fails the scan when the OS refuses the next thread', async () => {
    let made = 0;
    pool = ScanWorkerPool.start(3, DATA, (data) => {
      if (++made === 2) throw Object.assign(new Error('spawn EAGAIN'), { code: 'EAGAIN' });
      return new Worker(new URL('../../../dist/pipeline/parallel/scan-worker.js', import.meta.url), { workerData: data });
    });
    expect([pool.workers.length, pool.failed?.message]).toEqual([1, 'could not start scan thread 3 of 4 (spawn EAGAIN): the system refused a thread; scan with --workers 2 or fewer']);
    const knowledge = loadKnowledge(DATA.knowledge);
    await expect(scanInParallel({ tasks: NO_TASKS, pool, knowledge })).rejects.toThrow('spawn EAGAIN');
    // close() ends the one worker made, so nothing keeps the process alive.
    await pool.close();
  });

  it('fails the scan with the error of a worker that dies before its work', async () => {
    pool = ScanWorkerPool.start(1, DATA, failingWorker);
    await new Promise<void>((resolve) => (pool?.workers[0] as Worker).once('exit', () => resolve()));
    expect(pool.failed?.message).toBe('no module here');
    await expect(scanInParallel({ tasks: NO_TASKS, pool, knowledge: loadKnowledge(DATA.knowledge) })).rejects.toThrow('no module here');
  });

  it('stops the other threads taking tasks once one has failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    try {
      const path = join(dir, 'small.log');
      writeFileSync(path, 'RuntimeError: NPU function error: call aclnnMatmul failed, error code is 561103\n'.repeat(200));
      const tasks: ScanTask[] = Array.from({ length: 2000 }, (_, index) => ({ index, inputs: [{ kind: 'file', path, size: 16_000, gzip: false }] }));
      // A worker that fails its first task, as one whose knowledge changed mid-scan does.
      pool = ScanWorkerPool.start(1, DATA, () => new Worker('require("node:worker_threads").parentPort.on("message", (t) => require("node:worker_threads").parentPort.postMessage({ index: t.index, error: "task failed" }))', { eval: true }));
      let doneHere = 0;
      await expect(scanInParallel({ tasks, pool, knowledge: loadKnowledge(DATA.knowledge), onTaskDone: () => doneHere++ })).rejects.toThrow('task failed');
      // The main thread stopped with the scan's failure instead of reading the rest of the 2,000 tasks first.
      expect(doneHere).toBeLessThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not count its own closing as a worker failing', async () => {
    pool = ScanWorkerPool.start(1, DATA);
    await pool.close();
    expect(pool.failed).toBeUndefined();
  });
});
