// Counts what the sources report during one scan (lines, truncated and undecodable lines, read errors),
// so the report can say what it read and what it could not read cleanly.
import type { DropReason, SourceStats } from '../../sources/source-stats.js';

export class ScanStats implements SourceStats {
  lines = 0;
  bytes = 0;
  readonly dropped: Record<DropReason, number> = { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 0 };

  linesRead(_source: string, lines: number, bytes: number): void {
    this.lines += lines;
    this.bytes += bytes;
  }
  linesDropped(_source: string, reason: DropReason, count: number): void {
    this.dropped[reason] += count;
  }
  rotation(): void {}
  filesWatched(): void {}
  bytesBehind(): void {}
  checkpointWritten(): void {}

  /** Sentences about lines that were not read cleanly; empty when every line was. */
  notes(maxLineBytes: number): string[] {
    const d = this.dropped;
    const notes: string[] = [];
    if (d.truncated > 0) notes.push(`${lines(d.truncated)} longer than ${maxLineBytes} bytes; only the first ${maxLineBytes} bytes were scanned.`);
    if (d.invalid_utf8 > 0) notes.push(`${lines(d.invalid_utf8)} invalid UTF-8; the bad bytes were read as U+FFFD.`);
    if (d.malformed > 0) notes.push(`${d.malformed === 1 ? '1 line' : `${d.malformed} lines`} could not be processed and ${d.malformed === 1 ? 'was' : 'were'} skipped (a bug: please report it).`);
    if (d.read_error > 0) notes.push(`${d.read_error === 1 ? '1 input' : `${d.read_error} inputs`} could not be read to the end.`);
    return notes;
  }
}

function lines(n: number): string {
  return n === 1 ? '1 line was' : `${n} lines were`;
}

/** Forwards every hook to each of `targets` (the scan's own counts and, for `--format prom`, the metrics). */
export function fanOutStats(...targets: readonly SourceStats[]): SourceStats {
  if (targets.length === 1) return targets[0];
  return {
    linesRead: (s, n, b) => targets.forEach((t) => t.linesRead(s, n, b)),
    linesDropped: (s, r, n) => targets.forEach((t) => t.linesDropped(s, r, n)),
    rotation: (s, k) => targets.forEach((t) => t.rotation(s, k)),
    filesWatched: (s, n) => targets.forEach((t) => t.filesWatched(s, n)),
    bytesBehind: (s, b) => targets.forEach((t) => t.bytesBehind(s, b)),
    checkpointWritten: (ok) => targets.forEach((t) => t.checkpointWritten(ok)),
  };
}
