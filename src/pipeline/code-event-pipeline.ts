// The whole topology from LogLine to CodeEvent in one place: extract -> enrich -> classify run as one
// pure function per line (lineToEvents); RxJS only carries the values. Knowledge is read per line so a
// hot reload swaps rules and catalogs between two lines, never within one.
import type { OperatorFunction } from 'rxjs';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../transforms/line-to-events.js';
import type { CodeEvent, LogLine } from '../types.js';
import { emitEach } from './emit-each.js';

export interface CodeEventPipelineOptions {
  /** A line whose transform threw (a bug: lineToEvents must not throw). The line is skipped, never fatal. */
  readonly onLineFailed?: (line: LogLine, err: unknown) => void;
}

export function toCodeEvents(
  knowledge: () => Knowledge,
  unknowns: UnknownCodes,
  opts: CodeEventPipelineOptions = {},
): OperatorFunction<LogLine, CodeEvent> {
  return emitEach((line: LogLine) => lineToEvents(line, knowledge(), unknowns), opts.onLineFailed);
}
