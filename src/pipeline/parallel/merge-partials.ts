// Merges the scan tasks' partial reports, in task (input) order, into the report and counts one thread builds.
import type { CodeReport } from '../../sinks/report/code-report.js';
import type { DropReason, SourceStats } from '../../sources/source-stats.js';
import { UnknownCodes } from '../../transforms/enrich/unknown-codes.js';
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import type { PartialRow, ScanPartial } from './partial-report.js';
import type { ScanTask } from './plan-scan-tasks.js';
import { runScanTask } from './run-scan-task.js';

export interface MergeOptions {
  readonly report: CodeReport;
  readonly stats: SourceStats;
  /** The source label the lines are counted under (`scan`). */
  readonly source: string;
  readonly knowledge: Knowledge;
  readonly maxLineBytes?: number;
}

/**
 * Merges every task's partial, in task order. A task whose cap overflowed in a family that earlier tasks already
 * admitted values of is run again here, from the cap as they left it: the values it folded may be among those.
 * Rare (more than 50 distinct uncatalogued codes of one family), and then exact at the cost of a second read.
 */
export async function mergePartials(tasks: readonly ScanTask[], partials: readonly ScanPartial[], opts: MergeOptions): Promise<ScanPartial[]> {
  const cap = new UnknownCodes();
  const merged: ScanPartial[] = [];
  for (let i = 0; i < partials.length; i++) {
    let partial = partials[i] as ScanPartial;
    if (partial.overflowed.some((family) => cap.codes(family).length > 0)) partial = await runScanTask(tasks[i] as ScanTask, opts.knowledge, opts.maxLineBytes, cap);
    mergePartial(partial, opts.report, opts.stats, opts.source, cap);
    merged.push(partial);
  }
  return merged;
}

/** Adds `partial` to `report` and `stats`; call once per task, in task order, with the same `cap` throughout. */
function mergePartial(partial: ScanPartial, report: CodeReport, stats: SourceStats, source: string, cap: UnknownCodes): void {
  // The cap admits codes in the order they were first seen in the whole scan: this task's rows come after every
  // earlier task's, in the order of their first event. Rows that fold into one (`other`) are joined first, so
  // their files keep the order of their events.
  const joined = new Map<string, PartialRow[]>();
  for (const row of partial.rows) {
    const code = row.capped ? cap.admit(row.family, row.code) : row.code;
    const key = `${row.family}\u0000${code}\u0000${row.class}`;
    const rows = joined.get(key);
    if (rows === undefined) joined.set(key, [{ ...row, code }]);
    else rows.push(row);
  }
  for (const rows of joined.values()) report.addRow(joinRows(rows));
  if (partial.lines > 0 || partial.bytes > 0) stats.linesRead(source, partial.lines, partial.bytes);
  for (const [reason, count] of Object.entries(partial.dropped) as [DropReason, number][]) if (count > 0) stats.linesDropped(source, reason, count);
}

function joinRows(rows: readonly PartialRow[]): Parameters<CodeReport['addRow']>[0] {
  const first = rows[0] as PartialRow;
  if (rows.length === 1) return { ...first, files: first.files.map(([path]) => path) };
  const fileSeq = new Map<string, number>();
  let name = '';
  let nameSeq = Infinity;
  let level: string | undefined;
  let count = 0;
  let firstSeen: number | undefined;
  let lastSeen: number | undefined;
  for (const r of rows) {
    count += r.count;
    if (r.nameSeq !== -1 && r.nameSeq < nameSeq) [name, nameSeq] = [r.name, r.nameSeq];
    level ??= r.level;
    if (r.firstSeen !== undefined && (firstSeen === undefined || r.firstSeen < firstSeen)) firstSeen = r.firstSeen;
    if (r.lastSeen !== undefined && (lastSeen === undefined || r.lastSeen > lastSeen)) lastSeen = r.lastSeen;
    for (const [path, seq] of r.files) if (!(seq >= (fileSeq.get(path) ?? Infinity))) fileSeq.set(path, seq);
  }
  const files = [...fileSeq].sort((a, b) => a[1] - b[1]).map(([path]) => path);
  return { family: first.family, code: first.code, class: first.class, name, level, count, firstSeen, lastSeen, files };
}
