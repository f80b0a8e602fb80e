// One scan task, on whichever thread runs it: its inputs through the same topology as a one-thread scan, the
// events folded into a partial report (partial-report.ts) instead of being handed over one by one.
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import { ScanStats } from '../../sinks/report/scan-stats.js';
import type { UnknownCodes } from '../../transforms/enrich/unknown-codes.js';
import { runScan } from '../run-scan.js';
import { PartialReportBuilder, RecordingUnknownCodes, type ScanPartial } from './partial-report.js';
import type { ScanTask } from './plan-scan-tasks.js';

/** `startCap`: the unknown-code cap as the tasks before this one left it (default: empty, as a worker runs it). */
export async function runScanTask(task: ScanTask, knowledge: Knowledge, maxLineBytes?: number, startCap?: UnknownCodes): Promise<ScanPartial> {
  const cap = new RecordingUnknownCodes();
  if (startCap !== undefined) cap.adopt(startCap);
  const builder = new PartialReportBuilder(cap);
  const stats = new ScanStats();
  const readErrors: { path: string; message: string }[] = [];
  const logs: string[] = [];
  await runScan({
    inputs: task.inputs,
    knowledge,
    stats,
    cap,
    maxLineBytes,
    log: (sentence) => logs.push(sentence),
    sinks: [{ name: 'report', write: (e) => builder.add(e), close: () => Promise.resolve() }],
    onReadError: (path, err) => readErrors.push({ path, message: err.message }),
  });
  return { rows: builder.build(), lines: stats.lines, bytes: stats.bytes, dropped: { ...stats.dropped }, readErrors, logs, overflowed: [...cap.overflowed] };
}
