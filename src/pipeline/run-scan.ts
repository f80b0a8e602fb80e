// One-shot scan topology: inputs -> lines -> code events -> the caller's sink, then done. Shares the
// LogLine -> CodeEvent operator with the live exporter, so a scan finds exactly what the exporter counts.
import type { Readable } from 'node:stream';
import type { OperatorFunction } from 'rxjs';
import type { ScanInput } from '../sources/read-files/expand-inputs.js';
import { readInputs } from '../sources/read-files/read-inputs.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { CodeEvent, LogLine } from '../types.js';

export interface RunScanOptions {
  readonly inputs: readonly ScanInput[];
  readonly toEvents: OperatorFunction<LogLine, CodeEvent>;
  readonly stats: SourceStats;
  readonly onEvent: (e: CodeEvent) => void;
  readonly stdin?: Readable;
  readonly maxLineBytes?: number;
  readonly onBytes?: (bytes: number) => void;
  readonly onReadError?: (path: string, err: Error) => void;
}

/** Resolves when every input has been read to its end (or to its read error). */
export function runScan(opts: RunScanOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    readInputs(opts.inputs, opts)
      .pipe(opts.toEvents)
      .subscribe({ next: opts.onEvent, error: reject, complete: resolve });
  });
}
