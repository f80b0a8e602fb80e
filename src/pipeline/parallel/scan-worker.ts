// A scan thread (worker_threads): loads the knowledge the way the main thread did (from the snapshot when the
// files match it), then runs each task it is sent and answers with its partial report.
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from '../../knowledge/load-knowledge.js';
import type { ScanPartial } from './partial-report.js';
import type { ScanTask } from './plan-scan-tasks.js';
import { runScanTask } from './run-scan-task.js';
import type { ScanWorkerData } from './scan-in-parallel.js';

export type WorkerReply = { readonly index: number; readonly partial: ScanPartial } | { readonly index: number; readonly error: string };

const data = workerData as ScanWorkerData;
const port = parentPort;
if (port === null) throw new Error('scan-worker.js runs only as a worker thread');
// The main thread loaded the same files a moment ago: a failure here is a race with an edit, reported per task.
let knowledge: ReturnType<typeof loadKnowledge> | Error;
try {
  knowledge = loadKnowledge(data.knowledge);
} catch (err) {
  knowledge = err instanceof Error ? err : new Error(String(err));
}
port.on('message', (task: ScanTask) => {
  const reply = (r: WorkerReply): void => port.postMessage(r);
  if (knowledge instanceof Error) {
    reply({ index: task.index, error: `the rules or catalogs changed while scanning: ${knowledge.message}` });
    return;
  }
  runScanTask(task, knowledge, data.maxLineBytes).then(
    (partial) => reply({ index: task.index, partial }),
    (err: unknown) => reply({ index: task.index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
