// Reads a markdown-style pipe table (`a | b |` rows under a header and a `---|---` rule) from plain
// text, with or without prose before it, into header texts and rows of trimmed cells with offsets.
import type { SeedProblem } from './seed-entry.js';
import type { TextTable } from './table-entries.js';
import { roleOfHeader } from './table-entries.js';

const RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * The first pipe table in `text`. With `afterProse`, the header is the first line whose cells are all
 * known column headers; without it, the header must be the first non-blank line.
 */
export function readPipeTable(text: string, afterProse: boolean, problems: SeedProblem[]): TextTable | undefined {
  const lines: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line.replace(/\r$/, ''), offset });
    offset += line.length + 1;
  }
  const first = lines.findIndex((l) => l.text.trim() !== '');
  const headerAt = afterProse ? lines.findIndex((l) => isHeader(l.text)) : first;
  const header = lines[headerAt];
  if (header === undefined || !isHeader(header.text)) {
    problems.push({ offset: header?.offset ?? 0, message: afterProse ? 'no pipe-table header of known columns found' : `the first line "${header?.text ?? ''}" is not a pipe-table header of known columns` });
    return undefined;
  }
  let at = headerAt + 1;
  if (RULE.test(lines[at]?.text ?? '')) at += 1;
  else problems.push({ offset: lines[at]?.offset ?? offset, message: 'the header is not followed by a ---|--- rule' });
  const rows: { offset: number; cells: string[] }[] = [];
  for (; at < lines.length; at += 1) {
    const line = lines[at];
    if (line === undefined || !line.text.includes('|')) break;
    rows.push({ offset: line.offset, cells: cellsOf(line.text) });
  }
  return { offset: header.offset, headers: cellsOf(header.text), rows };
}

/** Splits a row on `|`; a leading and a trailing pipe are borders, not empty cells. */
export function cellsOf(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|')) body = body.slice(0, -1);
  return body.split('|').map((c) => c.trim());
}

function isHeader(line: string): boolean {
  if (!line.includes('|')) return false;
  const cells = cellsOf(line);
  return cells.length >= 2 && cells.every((c) => roleOfHeader(c) !== undefined) && cells.some((c) => roleOfHeader(c) === 'code');
}
