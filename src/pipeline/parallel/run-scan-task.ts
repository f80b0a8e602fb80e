// One scan task, on whichever thread runs it: its inputs through the same topology as a one-thread scan, the
// events folded into a partial report (partial-report.ts) instead of being handed over one by one.
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import { ScanStats } from '../../sinks/report/scan-stats.js';
import { runScan } from '../run-scan.js';
import { PartialReportBuilder, RecordingUnknownCodes, type ScanPartial } from './partial-report.js';
import type { ScanTask } from './plan-scan-tasks.js';

export async function runScanTask(task: ScanTask, knowledge: Knowledge, maxLineBytes?: number): Promise<ScanPartial> {
  const cap = new RecordingUnknownCodes();
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
  return { rows: builder.build(), lines: stats.lines, bytes: stats.bytes, dropped: { ...stats.dropped }, readErrors, logs };
}
