// Points a problem inside a regex at the exact character in the YAML file, so `check` can say
// rules/aclnn.yaml:12:31 instead of "somewhere in this pattern". Handles plain, 'single' and "double"
// quoted one-line scalars and one-line block scalars; anything else falls back to the value's start.
import type { Position } from './rule-types.js';

/** The file position of character `offset` of the scalar whose value starts at `start` (1-based). */
export function positionInScalar(fileLines: readonly string[], start: Position, offset: number): Position {
  const line = fileLines[start.line - 1];
  if (line === undefined) return start;
  const first = line[start.col - 1];
  if (first === "'" || first === '"') {
    const col = quotedColumn(line, start.col, offset, first);
    return col === undefined ? start : { line: start.line, col };
  }
  if (first === '|' || first === '>') {
    const content = fileLines[start.line];
    if (content === undefined) return start;
    const indent = content.length - content.trimStart().length;
    return offset <= content.length - indent ? { line: start.line + 1, col: indent + 1 + offset } : start;
  }
  return offset <= line.length - (start.col - 1) ? { line: start.line, col: start.col + offset } : start;
}

/** Walks a quoted scalar, counting decoded characters, and returns the 1-based column of decoded `offset`. */
function quotedColumn(line: string, openCol: number, offset: number, quote: string): number | undefined {
  let i = openCol; // 0-based index of the first character after the opening quote
  let decoded = 0;
  while (i < line.length) {
    if (decoded === offset) return i + 1;
    const ch = line[i];
    if (quote === "'" && ch === "'") {
      if (line[i + 1] !== "'") return undefined;
      i += 2;
    } else if (quote === '"' && ch === '\\') {
      i += escapeLength(line[i + 1]);
    } else if (ch === quote) {
      return undefined;
    } else {
      i += 1;
    }
    decoded += 1;
  }
  return undefined;
}

function escapeLength(next: string | undefined): number {
  if (next === 'x') return 4;
  if (next === 'u') return 6;
  if (next === 'U') return 10;
  return 2;
}
