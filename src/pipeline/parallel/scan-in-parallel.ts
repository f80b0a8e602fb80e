// Runs a scan's tasks on several threads: the main thread and the pool's workers take tasks from one queue
// (so a slow range never leaves a core idle), and the partial reports come back in task order.
import { Worker } from 'node:worker_threads';
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import type { RuleOptions } from '../../rules/load-rules.js';
import type { ScanPartial } from './partial-report.js';
import type { ScanTask } from './plan-scan-tasks.js';
import { runScanTask } from './run-scan-task.js';
import type { WorkerReply } from './scan-worker.js';

export interface ScanWorkerData {
  readonly knowledge: { readonly catalogDir: string; readonly rulesDir: string; readonly context?: RuleOptions['context'] };
  readonly maxLineBytes?: number;
}

/**
 * A worker's young generation (V8's nursery: two semi-spaces and their large objects, so three semi-spaces' worth). A
 * scan's per-line garbage dies young, but V8 doubles the nursery each time as many bytes have survived as it holds,
 * up to 16 MiB semi-spaces, which a long scan always reaches. 6 MiB is 2 MiB semi-spaces: the bench corpus's two-thread
 * peak RSS 104-105.5 -> 100.5-102 MB at the same speed (interleaved runs, bench/README.md). 8 was no smaller than 12
 * (V8 rounds a semi-space up to a power of two: 4 MiB either way). The main thread's is V8's default: its size is
 * fixed when the process starts.
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

/** Makes one scan worker (a parameter so tests can make one fail). */
export type CreateScanWorker = (data: ScanWorkerData) => Worker;

const createScanWorker: CreateScanWorker = (data) =>
  new Worker(new URL('./scan-worker.js', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });

/**
 * Scan workers started before the work is known: each loads its knowledge (and V8 its isolate, ~170 ms) while
 * the main thread loads its own and plans the tasks. Close it on every path, used or not. Never throws: a worker
 * that cannot be made (the OS refuses a thread: EAGAIN) or fails before its work is its `failed` error, and the
 * scan that uses the pool rejects with it.
 */
export class ScanWorkerPool {
  readonly workers: readonly Worker[];
  /** The line cap every thread of the scan cuts lines at (undefined: the default). */
  readonly maxLineBytes: number | undefined;
  /** The first error or early exit of any worker. */
  private failure: Error | undefined;
  private closing = false;

  private constructor(count: number, data: ScanWorkerData, create: CreateScanWorker) {
    this.maxLineBytes = data.maxLineBytes;
    const workers: Worker[] = [];
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = create(data);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        this.failure = new Error(`could not start scan thread ${i + 2} of ${count + 1} (${why}): the system refused a thread; scan with --workers ${i + 1}${i > 0 ? ' or fewer' : ''}`);
        break;
      }
      worker.on('error', (err) => (this.failure ??= err));
      worker.on('exit', (code) => {
        if (!this.closing) this.failure ??= new Error(`a scan worker exited with status ${code} before its tasks were done`);
      });
      workers.push(worker);
    }
    this.workers = workers;
  }

  /** `count` workers (none for 0). */
  static start(count: number, data: ScanWorkerData, create: CreateScanWorker = createScanWorker): ScanWorkerPool {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`a scan worker pool needs a whole number of workers >= 0, got ${count}`);
    return new ScanWorkerPool(count, data, create);
  }

  /** Why a worker could not be made or can no longer take tasks, if so. */
  get failed(): Error | undefined {
    return this.failure;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface ParallelScanOptions {
  readonly tasks: readonly ScanTask[];
  /** The workers besides the main thread (ScanWorkerPool.start); closed by the caller. */
  readonly pool: ScanWorkerPool;
  readonly knowledge: Knowledge;
  /** Bytes of a task, told when it is done (progress). */
  readonly onTaskDone?: (task: ScanTask) => void;
}

/** The partial report of every task, in task order. Rejects if a task failed (a bug or knowledge edited mid-scan). */
export async function scanInParallel(opts: ParallelScanOptions): Promise<ScanPartial[]> {
  const results: (ScanPartial | undefined)[] = new Array<ScanPartial | undefined>(opts.tasks.length);
  // A worker that could not be made or already died fails the scan before any thread reads anything. (Checked once:
  // from here on each worker's own listeners, attached below in this same turn, see its failures.)
  const early = opts.pool.failed;
  if (early !== undefined) throw early;
  let next = 0;
  /** Set when any thread failed: the others take no further task (the scan has failed, nobody waits for them). */
  let failed = false;
  const take = (): ScanTask | undefined => (failed ? undefined : opts.tasks[next++]);
  const runWorker = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      // Posted at once: a worker still loading its knowledge finds the task queued on its port.
      const send = (): void => {
        const task = take();
        if (task === undefined) resolve();
        else worker.postMessage(task);
      };
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) {
          reject(new Error(reply.error));
          return;
        }
        results[reply.index] = reply.partial;
        const task = opts.tasks[reply.index];
        if (task !== undefined) opts.onTaskDone?.(task);
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`a scan worker exited with status ${code} before its tasks were done`)));
      send();
    });
  const runHere = async (): Promise<void> => {
    for (let task = take(); task !== undefined; task = take()) {
      results[task.index] = await runScanTask(task, opts.knowledge, opts.pool.maxLineBytes);
      opts.onTaskDone?.(task);
    }
  };
  const here = runHere();
  try {
    await Promise.all([here, ...opts.pool.workers.map(runWorker)]);
  } catch (err) {
    // Whichever thread failed, the rest take no further task (set before a worker's next message is handled): this
    // thread ends its current task and stops; the caller closes the pool (the workers stop at once).
    failed = true;
    await here.catch(() => undefined);
    throw err;
  }
  return results.map((r, i) => {
    if (r === undefined) throw new Error(`scan task ${i} has no result`);
    return r;
  });
}

/** Bytes a task reads (for progress). */
export function taskBytes(task: ScanTask): number {
  let sum = 0;
  for (const i of task.inputs) if (i.kind === 'file') sum += i.range === undefined ? i.size : (i.range.end ?? i.size) - i.range.start;
  return sum;
}
