// Cuts scan's file inputs into tasks for the scan threads: big files into byte ranges that start and end at
// line starts (so the ranges of a file hold exactly its lines, each line once), small files grouped in input
// order. Tasks are numbered in input order; merging their results in that order gives the one-thread report.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ByteRange, ScanInput } from '../../sources/read-files/expand-inputs.js';

export interface ScanTask {
  /** Position in input order: results are merged in this order. */
  readonly index: number;
  readonly inputs: readonly ScanInput[];
}

export interface PlanOptions {
  /** Threads that will take tasks; each gets about `tasksPerThread` tasks so one slow range does not leave a core idle. */
  readonly threads: number;
  /** Smallest range a file is cut into (a task's set-up is ~1 ms; its reader reads 256 KiB at a time). */
  readonly minTaskBytes?: number;
  readonly tasksPerThread?: number;
}

export const MIN_TASK_BYTES = 4 * 1024 * 1024;
/** Enough that the last task to finish leaves the other threads idle only briefly (a worker starts ~0.15 s late). */
const TASKS_PER_THREAD = 8;
/** Bytes read at a planned cut to find the next line start. */
const PROBE_BYTES = 64 * 1024;
const LF = 10;
/**
 * A CRI partial record (`<time> stdout P <text>`) is joined with the lines after it, up to its `F` record, by one
 * decoder per file: a file holding one anywhere near a cut is not cut at all (read whole by one task).
 */
const CRI_PARTIAL = /\bstd(?:out|err) P /;

/** Tasks for `inputs` (files only: stdin is read by the main thread). */
export function planScanTasks(inputs: readonly ScanInput[], opts: PlanOptions): ScanTask[] {
  const files = inputs.filter((i): i is Extract<ScanInput, { kind: 'file' }> => i.kind === 'file');
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const target = Math.max(opts.minTaskBytes ?? MIN_TASK_BYTES, Math.ceil(total / (Math.max(1, opts.threads) * (opts.tasksPerThread ?? TASKS_PER_THREAD))));
  const groups: ScanInput[][] = [];
  let group: ScanInput[] = [];
  let groupBytes = 0;
  const close = (): void => {
    if (group.length > 0) groups.push(group);
    group = [];
    groupBytes = 0;
  };
  for (const file of files) {
    const parts = !file.gzip && file.size >= 2 * target ? cutFile(file.path, file.size, target) : undefined;
    if (parts === undefined) {
      group.push(file);
      groupBytes += file.size;
      if (groupBytes >= target) close();
      continue;
    }
    close();
    for (const range of parts) groups.push([{ ...file, range }]);
  }
  close();
  return groups.map((g, index) => ({ index, inputs: g }));
}

/** Ranges of about `target` bytes, each starting at a line start; undefined when the file should not be cut. */
function cutFile(path: string, size: number, target: number): ByteRange[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // the reader reports the error, once, as for any unreadable file
  }
  try {
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    const head = probe.toString('latin1', 0, readSync(fd, probe, 0, PROBE_BYTES, 0));
    if (CRI_PARTIAL.test(head)) return undefined;
    const ranges: ByteRange[] = [];
    let start = 0;
    const half = Math.floor(target / 2);
    for (let at = target; at < size - half; at = Math.max(at + target, start + half)) {
      const n = readSync(fd, probe, 0, PROBE_BYTES, at);
      const nl = probe.subarray(0, n).indexOf(LF);
      // No line end near the cut (a line over 64 KiB): try the next cut instead.
      if (nl === -1) continue;
      if (CRI_PARTIAL.test(probe.toString('latin1', 0, n))) return undefined;
      const cut = at + nl + 1;
      if (cut >= size) break;
      ranges.push({ start, end: cut });
      start = cut;
    }
    ranges.push({ start });
    return ranges.length > 1 ? ranges : undefined;
  } finally {
    closeSync(fd);
  }
}
