// scan's view of the one line reader (../read-lines.ts): a file or stdin read to its end, no partial-line
// timer, a read error ends the input as an error that read-inputs counts and reports.
import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { LiteralSearch } from '../../rules/literal-search.js';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import { DEFAULT_MAX_LINE_BYTES } from '../files/file-input.js';
import { readLines } from '../read-lines.js';

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
  /** Only lines holding one of this search's literals are delivered (see ReadLinesOptions.lineSearch). */
  readonly lineSearch?: LiteralSearch;
}

/**
 * Lines of `stream` (see readLines). Errors of the stream become the Observable's error after the lines
 * before it were delivered. Hot path: counts truncated and invalid UTF-8 lines instead of throwing.
 */
export function readLineStream(stream: Readable, opts: LineStreamOptions): Observable<LogLine> {
  return readLines(stream, { ...opts, destroyOnUnsubscribe: opts.destroyOnUnsubscribe !== false });
}
