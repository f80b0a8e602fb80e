// Lines of standard input (or any readable byte stream) with the same rules as tailed files: cap and cut
// over-long lines, trim CRLF, decode invalid UTF-8 harmlessly, and deliver an unfinished last line at the
// end of input or after the partial-line timeout (`tail -F crash.log | errcode-exporter run -`). One line
// reader for every stream: see ../read-lines.ts.
import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { Clock } from '../files/clock.js';
import { DEFAULT_PARTIAL_LINE_TIMEOUT_MS } from '../files/file-input.js';
import { readLines } from '../read-lines.js';

export const STDIN_SOURCE = 'stdin';

export interface ReadStdinOptions {
  readonly stats: SourceStats;
  readonly stream?: Readable;
  readonly source?: string;
  readonly maxLineBytes?: number;
  readonly partialLineTimeoutMs?: number;
  readonly clock?: Clock;
  /** Awaited (the stream paused) after a chunk when it returns a promise: the sinks' backpressure. */
  readonly readGate?: () => Promise<void> | undefined;
  /** Told about a read error (the lines end there; hot path: never an Observable error). */
  readonly onReadError?: (err: Error) => void;
}

/** Completes at the end of input; a read error is counted (`read_error`), reported, and completes it too. */
export function readStdin(opts: ReadStdinOptions): Observable<LogLine> {
  return readLines(opts.stream ?? process.stdin, {
    source: opts.source ?? STDIN_SOURCE,
    path: '-',
    stats: opts.stats,
    maxLineBytes: opts.maxLineBytes,
    partialLineTimeoutMs: opts.partialLineTimeoutMs ?? DEFAULT_PARTIAL_LINE_TIMEOUT_MS,
    clock: opts.clock,
    readGate: opts.readGate,
    onReadError: opts.onReadError ?? (() => undefined),
  });
}
