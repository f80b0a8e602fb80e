// The LogLine -> CodeEvent operator: extract -> enrich -> classify run as one pure function per line
// (lineToEvents); RxJS only carries the values. Knowledge is read per line so a hot reload swaps rules and
// catalogs between two lines, never within one. This operator owns the hot path's failures: a line whose
// transform throws (a bug) is skipped, counted as `malformed` for its source and logged (the first few
// distinct errors), never fatal and never swallowed silently.
import type { OperatorFunction } from 'rxjs';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../transforms/line-to-events.js';
import type { CodeEvent, LogLine } from '../types.js';
import { emitEach } from './emit-each.js';

/** Distinct transform errors logged per pipeline; later ones are only counted. */
export const MAX_FAILURES_LOGGED = 10;

export interface CodeEventPipelineOptions {
  /** Where a failed line is counted (`linesDropped(source, 'malformed', 1)`). */
  readonly stats?: SourceStats;
  /** Told, in a sentence, about the first MAX_FAILURES_LOGGED distinct errors. */
  readonly log?: (sentence: string) => void;
  /** Every line whose transform threw, with the error. */
  readonly onLineFailed?: (line: LogLine, err: unknown) => void;
}

export function toCodeEvents(
  knowledge: () => Knowledge,
  unknowns: UnknownCodes,
  opts: CodeEventPipelineOptions = {},
): OperatorFunction<LogLine, CodeEvent> {
  const logged = new Set<string>();
  const failed = (line: LogLine, err: unknown): void => {
    opts.stats?.linesDropped(line.source, 'malformed', 1);
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (opts.log !== undefined && logged.size < MAX_FAILURES_LOGGED && !logged.has(reason)) {
      logged.add(reason);
      opts.log(`Line ${line.lineNo} of ${line.path} (input ${line.source}) could not be processed (${reason}); it was skipped and counted as malformed. This is a bug: please report it.`);
    }
    opts.onLineFailed?.(line, err);
  };
  return emitEach((line: LogLine) => lineToEvents(line, knowledge(), unknowns), failed);
}
