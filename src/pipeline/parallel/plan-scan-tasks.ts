// Cuts scan's file inputs into tasks for the scan threads: big files into byte ranges that start and end at
// line starts (so the ranges of a file hold exactly its lines, each line once), small files grouped in input
// order. Tasks are numbered in input order; merging their results in that order gives the one-thread report.
import { closeSync, openSync, readSync } from 'node:fs';
import { parseCriRecord } from '../../sources/cri/cri-record.js';
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
/** Bytes read at a planned cut to find the next line start, and looked back on to find pending CRI partial records. */
const PROBE_BYTES = 64 * 1024;
const LF = 10;
/** A window that may hold a CRI partial record (`<time> stdout P <text>`): its lines are read one by one at the cut. */
const CRI_PARTIAL = /\bstd(?:out|err) P /;

/** Tasks for `inputs` (files only: stdin is read by the main thread). */
export function planScanTasks(inputs: readonly ScanInput[], opts: PlanOptions): ScanTask[] {
  const files = inputs.filter((i): i is Extract<ScanInput, { kind: 'file' }> => i.kind === 'file');
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const threads = Math.max(1, opts.threads);
  const target = Math.max(opts.minTaskBytes ?? MIN_TASK_BYTES, Math.ceil(total / (threads * (opts.tasksPerThread ?? TASKS_PER_THREAD))));
  // The last task a thread takes decides when the scan ends: the last `threads` tasks' worth of bytes is cut four
  // times finer, so the other threads wait for at most a quarter of a task (they waited up to a whole one, ~10%).
  const tailFrom = total - threads * target;
  const tailTarget = Math.max(1, Math.ceil(target / 4));
  /** The size of a task starting at `offset`, counted over all the files in input order. */
  const sizeAt = (offset: number): number => (offset >= tailFrom ? tailTarget : target);
  const groups: ScanInput[][] = [];
  let group: ScanInput[] = [];
  let groupBytes = 0;
  const close = (): void => {
    if (group.length > 0) groups.push(group);
    group = [];
    groupBytes = 0;
  };
  let fileStart = 0;
  for (const file of files) {
    const offset = fileStart;
    fileStart += file.size;
    const parts = !file.gzip && file.size >= 2 * target ? cutFile(file.path, file.size, (at) => sizeAt(offset + at)) : undefined;
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

/** Ranges of about `sizeAt(offset in the file)` bytes, each starting at a line start; undefined when the file should not be cut. */
function cutFile(path: string, size: number, sizeAt: (offset: number) => number): ByteRange[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // the reader reports the error, once, as for any unreadable file
  }
  try {
    const window = Buffer.allocUnsafe(2 * PROBE_BYTES);
    const ranges: ByteRange[] = [];
    let start = 0;
    for (let at = sizeAt(0); at < size - sizeAt(at) / 2; ) {
      const from = Math.max(start, at - PROBE_BYTES);
      const n = readSync(fd, window, 0, window.length, from);
      const cut = cutAfter(window.subarray(0, n), from, from === start, at);
      // No safe line end near the cut (a line over 64 KiB, a partial record still open): try the next cut instead.
      if (cut === undefined) {
        at += sizeAt(at);
        continue;
      }
      if (cut >= size) break;
      ranges.push({ start, end: cut });
      start = cut;
      at = start + sizeAt(start);
    }
    ranges.push({ start });
    return ranges.length > 1 ? ranges : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The first line start after `at` (absolute; `bytes` were read from `from`, before `at`; `fromLineStart` when it is a line start)
 * at which no CRI partial record is open: the file's one decoder joins a `P` record with the records of its stream
 * up to the `F` that ends it, so a cut inside would split that line in two. The lines before `at` in the window tell
 * each stream's last record; a stream with none there is taken as closed (runtimes write the `F` right after the
 * `P` records of one long line, so a record open across 64 KiB of the other stream's lines is not expected).
 */
export function cutAfter(bytes: Buffer, from: number, fromLineStart: boolean, at: number): number | undefined {
  const firstLf = bytes.indexOf(LF, at - from);
  if (firstLf === -1) return undefined;
  const text = bytes.toString('latin1');
  if (!CRI_PARTIAL.test(text)) return from + firstLf + 1;
  const open = { stdout: false, stderr: false };
  // The window's first line is whole only when the window starts at a line start; otherwise it is skipped.
  let lineStart = fromLineStart ? 0 : text.indexOf('\n') + 1;
  for (let lf = text.indexOf('\n', lineStart); lf !== -1; lineStart = lf + 1, lf = text.indexOf('\n', lineStart)) {
    const record = parseCriRecord(text.slice(lineStart, text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf));
    if (record !== undefined) open[record.stream] = record.partial;
    if (lf >= at - from && !open.stdout && !open.stderr) return from + lf + 1;
  }
  return undefined;
}
