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
 * A worker's young generation (V8's nursery: two semi-spaces and their large objects). A scan's per-line garbage
 * dies young, but V8 grows the nursery to 16 MiB as soon as a few MiB have survived in all, which a long scan
 * always reaches: 12 MiB (4 MiB semi-spaces) kept each worker ~7 MiB smaller on the bench corpus
 * (bench/README.md). The main thread's is V8's default: its size is fixed when the process starts.
 */
export const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Scan workers started before the work is known: each loads its knowledge (and V8 its isolate, ~170 ms) while
 * the main thread loads its own and plans the tasks. Close it on every path, used or not.
 */
export class ScanWorkerPool {
  readonly workers: readonly Worker[];
  /** The first error or early exit of any worker before it was put to work. */
  private failure: Error | undefined;

  private constructor(count: number, data: ScanWorkerData) {
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('./scan-worker.js', import.meta.url), {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      worker.on('error', (err) => (this.failure ??= err));
      worker.on('exit', (code) => (this.failure ??= new Error(`a scan worker exited with status ${code} before its tasks were done`)));
      return worker;
    });
  }

  /** `count` workers (none for 0). */
  static start(count: number, data: ScanWorkerData): ScanWorkerPool {
    return new ScanWorkerPool(Math.max(0, count), data);
  }

  /** Why a worker can no longer take tasks, if one cannot. */
  get failed(): Error | undefined {
    return this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface ParallelScanOptions {
  readonly tasks: readonly ScanTask[];
  /** The workers besides the main thread (ScanWorkerPool.start); closed by the caller. */
  readonly pool: ScanWorkerPool;
  readonly knowledge: Knowledge;
  readonly maxLineBytes?: number;
  /** Bytes of a task, told when it is done (progress). */
  readonly onTaskDone?: (task: ScanTask) => void;
}

/** The partial report of every task, in task order. Rejects if a task failed (a bug or knowledge edited mid-scan). */
export async function scanInParallel(opts: ParallelScanOptions): Promise<ScanPartial[]> {
  const results: (ScanPartial | undefined)[] = new Array<ScanPartial | undefined>(opts.tasks.length);
  let next = 0;
  const take = (): ScanTask | undefined => opts.tasks[next++];
  const runWorker = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const early = opts.pool.failed;
      if (early !== undefined) {
        reject(early);
        return;
      }
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
      results[task.index] = await runScanTask(task, opts.knowledge, opts.maxLineBytes);
      opts.onTaskDone?.(task);
    }
  };
  await Promise.all([runHere(), ...opts.pool.workers.map(runWorker)]);
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
