// Lines of standard input (or any readable byte stream) with the same rules as tailed files: cap and cut
// over-long lines, trim CRLF, decode invalid UTF-8 harmlessly, and deliver an unfinished last line at the
// end of input or after the partial-line timeout (`tail -F crash.log | errcode-exporter run -`).
import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { CancelTimer, Clock } from '../files/clock.js';
import { systemClock } from '../files/clock.js';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_PARTIAL_LINE_TIMEOUT_MS } from '../files/file-input.js';
import { OffsetLineSplitter } from '../files/offset-line-splitter.js';

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
  const stream = opts.stream ?? process.stdin;
  const source = opts.source ?? STDIN_SOURCE;
  const clock = opts.clock ?? systemClock;
  const timeout = opts.partialLineTimeoutMs ?? DEFAULT_PARTIAL_LINE_TIMEOUT_MS;
  const { stats } = opts;
  return new Observable<LogLine>((subscriber) => {
    let lineNo = 0;
    let truncated = 0;
    let invalid = 0;
    let idleTimer: CancelTimer | undefined;
    const splitter = new OffsetLineSplitter(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, (text, cut, bad) => {
      lineNo++;
      if (cut) truncated++;
      if (bad) invalid++;
      subscriber.next({ source, path: '-', lineNo, text, truncated: cut });
    });
    const report = (lines: number, bytes: number): void => {
      if (lines > 0 || bytes > 0) stats.linesRead(source, lines, bytes);
      if (truncated > 0) stats.linesDropped(source, 'truncated', truncated);
      if (invalid > 0) stats.linesDropped(source, 'invalid_utf8', invalid);
      truncated = 0;
      invalid = 0;
    };
    const flushPartial = (): void => {
      idleTimer = undefined;
      const held = splitter.heldBytes;
      report(splitter.flushPartial(), held);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      idleTimer?.();
      const heldBefore = splitter.heldBytes;
      const lines = splitter.push(buf);
      report(lines, heldBefore + buf.length - splitter.heldBytes);
      idleTimer = splitter.heldBytes > 0 ? clock.setTimeout(flushPartial, timeout) : undefined;
      const gate = opts.readGate?.();
      if (gate) {
        stream.pause();
        void gate.then(() => stream.resume());
      }
    };
    const onEnd = (): void => {
      cleanup();
      flushPartial();
      subscriber.complete();
    };
    const onError = (err: Error): void => {
      cleanup();
      stats.linesDropped(source, 'read_error', 1);
      opts.onReadError?.(err);
      flushPartial();
      subscriber.complete();
    };
    const cleanup = (): void => {
      idleTimer?.();
      idleTimer = undefined;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    return cleanup;
  });
}
