// Runs a scan's tasks on several threads: the main thread and `threads - 1` workers take tasks from one queue
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

export interface ParallelScanOptions {
  readonly tasks: readonly ScanTask[];
  readonly threads: number;
  readonly knowledge: Knowledge;
  readonly workerData: ScanWorkerData;
  /** Bytes of a task, told when it is done (progress). */
  readonly onTaskDone?: (task: ScanTask) => void;
}

/** The partial report of every task, in task order. Rejects if a task failed (a bug or knowledge edited mid-scan). */
export async function scanInParallel(opts: ParallelScanOptions): Promise<ScanPartial[]> {
  const results: (ScanPartial | undefined)[] = new Array<ScanPartial | undefined>(opts.tasks.length);
  let next = 0;
  const take = (): ScanTask | undefined => opts.tasks[next++];
  const workers: Worker[] = [];
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: opts.workerData });
      workers.push(worker);
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
      worker.once('online', send);
    });
  const runHere = async (): Promise<void> => {
    for (let task = take(); task !== undefined; task = take()) {
      results[task.index] = await runScanTask(task, opts.knowledge, opts.workerData.maxLineBytes);
      opts.onTaskDone?.(task);
    }
  };
  try {
    await Promise.all([runHere(), ...Array.from({ length: Math.max(0, opts.threads - 1) }, runWorker)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
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
