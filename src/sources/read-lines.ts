// The one reader of byte streams into lines (scan's files and stdin, run's stdin, an exec source's stdout):
// fed from 'data' events (no promise per line), cut by the tailer's own splitter so every input agrees on
// caps, CRLF and invalid UTF-8. Line numbers are 1-based and dense; every line is delivered once, in order.
import type { Readable } from 'node:stream';
import { Observable } from '../reactive/rxjs.js';
import type { LiteralSearch } from '../rules/literal-search.js';
import type { LogLine } from '../types.js';
import type { CancelTimer, Clock } from './files/clock.js';
import { systemClock } from './files/clock.js';
import { DEFAULT_MAX_LINE_BYTES } from './files/file-input.js';
import { OffsetLineSplitter } from './files/offset-line-splitter.js';
import { CriLineDecoder } from './cri/cri-line-decoder.js';
import type { SourceStats } from './source-stats.js';

export interface ReadLinesOptions {
  /** The bounded source label. */
  readonly source: string;
  /** The path reported on each line (`-` for standard input). */
  readonly path: string;
  readonly stats: SourceStats;
  readonly maxLineBytes?: number;
  /** An unfinished last line is delivered after this much quiet; undefined: only at the end of the stream. */
  readonly partialLineTimeoutMs?: number;
  readonly clock?: Clock;
  /** Awaited (the stream paused) after a chunk when it returns a promise: the sinks' backpressure. */
  readonly readGate?: () => Promise<void> | undefined;
  /**
   * Given: a read error is counted (`read_error`), told here, the unfinished line delivered, and the lines
   * complete (hot path: never an Observable error). Not given: the error becomes the Observable's error.
   */
  readonly onReadError?: (err: Error) => void;
  /** Whether unsubscribing destroys the stream (never for process.stdin). */
  readonly destroyOnUnsubscribe?: boolean;
  /**
   * Lines (whole and valid UTF-8) holding none of this search's literals, as bytes, are counted, keep their line
   * numbers, and are never decoded nor delivered (see LineSearch). Only for consumers that ignore them.
   * CRI partial records are always delivered, and so is every line while one is held: the joined record is whole.
   * A delivered line in which the search found one of its own literals first (not a CRI marker) is `anchored` (see
   * LogLine.anchored).
   */
  readonly lineSearch?: LiteralSearch;
}

/** A CRI partial record's markers (`<time> stdout P <message>`): such lines are never skipped. */
const CRI_PARTIAL_MARKERS = [' stdout P', ' stderr P'];
/** Each line search with the CRI markers added, built once per search (not once per file read). */
const withCriMarkers = new WeakMap<LiteralSearch, LiteralSearch>();

function lineSearchWithCriMarkers(search: LiteralSearch): LiteralSearch {
  let extended = withCriMarkers.get(search);
  if (extended === undefined) withCriMarkers.set(search, (extended = search.with(CRI_PARTIAL_MARKERS)));
  return extended;
}

/** Lines of `stream`; completes at its end. Counts truncated and invalid UTF-8 lines instead of throwing. */
export function readLines(stream: Readable, opts: ReadLinesOptions): Observable<LogLine> {
  const { source, path, stats } = opts;
  const clock = opts.clock ?? systemClock;
  const timeout = opts.partialLineTimeoutMs;
  return new Observable<LogLine>((subscriber) => {
    let lineNo = 0;
    let truncated = 0;
    let invalid = 0;
    let idleTimer: CancelTimer | undefined;
    // Container logs (a file under /var/log/pods, `kubectl logs` is already decoded) lose their CRI prefix.
    const decoder = new CriLineDecoder(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, (line) => subscriber.next(line));
    const splitter = new OffsetLineSplitter(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, (text, cut, bad, anchored) => {
      lineNo++;
      if (cut) truncated++;
      if (bad) invalid++;
      // One object shape for every line keeps the downstream property accesses monomorphic.
      decoder.push({ source, path, lineNo, text, truncated: cut, anchored });
    }, opts.lineSearch === undefined ? undefined : {
      literals: lineSearchWithCriMarkers(opts.lineSearch),
      // The CRI markers come after the search's own literals: a line found by a marker alone is not anchored.
      anchorLiterals: opts.lineSearch.literals.length,
      onSkipped: (n) => (lineNo += n),
      maySkip: () => !decoder.holding,
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
      idleTimer = timeout !== undefined && splitter.heldBytes > 0 ? clock.setTimeout(flushPartial, timeout) : undefined;
      const gate = opts.readGate?.();
      if (gate) {
        stream.pause();
        void gate.then(() => stream.resume());
      }
    };
    const onEnd = (): void => {
      cleanup();
      // The end of the input ends an unfinished last line: it is still a line.
      flushPartial();
      decoder.flush(source);
      subscriber.complete();
    };
    const onError = (err: Error): void => {
      cleanup();
      if (opts.onReadError === undefined) {
        subscriber.error(err);
        return;
      }
      stats.linesDropped(source, 'read_error', 1);
      opts.onReadError(err);
      flushPartial();
      decoder.flush(source);
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
    return () => {
      cleanup();
      if (opts.destroyOnUnsubscribe === true && !stream.readableEnded) stream.destroy();
    };
  });
}
