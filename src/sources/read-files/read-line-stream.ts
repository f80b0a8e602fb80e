// Turns one readable byte stream into an Observable of LogLine, fed from its 'data' events (no promise
// per line). Line numbers are 1-based and dense; every line is delivered exactly once, in order. Lines are
// cut by the tailer's own splitter, so scan, stdin and tailed files agree on caps, CRLF and invalid UTF-8.
import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import { DEFAULT_MAX_LINE_BYTES } from '../files/file-input.js';
import { OffsetLineSplitter } from '../files/offset-line-splitter.js';

/** The longest line scan keeps, in bytes (the tailer's default): the rest is dropped and the line flagged `truncated`. */
export const MAX_LINE_BYTES = DEFAULT_MAX_LINE_BYTES;

export interface LineStreamOptions {
  /** The bounded source label (`scan`, `stdin`). */
  readonly source: string;
  /** The path reported on each line (`-` for stdin). */
  readonly path: string;
  readonly stats: SourceStats;
  readonly maxLineBytes?: number;
  /** Whether unsubscribing should destroy the stream (not for process.stdin). */
  readonly destroyOnUnsubscribe?: boolean;
}

/**
 * Lines of `stream`. Errors of the stream become the Observable's error after the lines before it
 * were delivered. Hot path: counts truncated and invalid UTF-8 lines instead of throwing.
 */
export function readLineStream(stream: Readable, opts: LineStreamOptions): Observable<LogLine> {
  const { source, path, stats } = opts;
  return new Observable<LogLine>((subscriber) => {
    let lineNo = 0;
    let truncatedLines = 0;
    let invalidLines = 0;
    const splitter = new OffsetLineSplitter(opts.maxLineBytes ?? MAX_LINE_BYTES, (text, truncated, invalidUtf8) => {
      lineNo++;
      if (truncated) truncatedLines++;
      if (invalidUtf8) invalidLines++;
      // One object shape for every line keeps the downstream property accesses monomorphic.
      subscriber.next({ source, path, lineNo, text, truncated });
    });

    const reportDrops = (): void => {
      if (truncatedLines > 0) stats.linesDropped(source, 'truncated', truncatedLines);
      if (invalidLines > 0) stats.linesDropped(source, 'invalid_utf8', invalidLines);
      truncatedLines = 0;
      invalidLines = 0;
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      const lines = splitter.push(buf);
      stats.linesRead(source, lines, buf.length);
      if (truncatedLines + invalidLines > 0) reportDrops();
    };
    const onEnd = (): void => {
      // The end of the input ends an unfinished last line: it is still a line.
      const lines = splitter.flushPartial();
      if (lines > 0) stats.linesRead(source, lines, 0);
      reportDrops();
      cleanup();
      subscriber.complete();
    };
    const onError = (err: Error): void => {
      cleanup();
      subscriber.error(err);
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    return () => {
      cleanup();
      if (opts.destroyOnUnsubscribe !== false && !stream.readableEnded) stream.destroy();
    };
  });
}
