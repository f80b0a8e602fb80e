// Checks one family's entries for what the schema cannot see: two entries answering to the same
// spelling or number, and overlapping ranges. Each problem is reported at its own position.
import type { LoadError } from '../load/load-error.js';
import type { CatalogFileData } from './catalog-schema.js';
import { foldSpelling, numericValueOf } from './catalog-spelling.js';

type PositionOf = (path: readonly (string | number)[]) => { line: number; col: number };

interface Spelling {
  readonly entry: number;
  readonly kind: 'code' | 'alias' | 'name';
  readonly text: string;
  readonly path: readonly (string | number)[];
}

/** Every collision and overlap among `data.entries`, in file order. */
export function checkCatalogEntries(file: string, data: CatalogFileData, positionOf: PositionOf): LoadError[] {
  const errors: LoadError[] = [];
  const report = (path: readonly (string | number)[], message: string): void => {
    const p = positionOf(path);
    errors.push({ file, line: p.line, col: p.col, message });
  };
  const lineOf = (s: Spelling): number => positionOf(s.path).line;
  const codeOf = (s: Spelling): string => data.entries[s.entry]?.code ?? '';

  const byFold = new Map<string, Spelling>();
  const byValue = new Map<number, Spelling>();
  for (const s of spellingsOf(data)) {
    const first = byFold.get(foldSpelling(s.text));
    if (first === undefined) byFold.set(foldSpelling(s.text), s);
    else if (first.entry !== s.entry) {
      report(
        s.path,
        s.kind === 'code' && first.kind === 'code'
          ? `duplicate code "${s.text}": entry at line ${lineOf(first)} has the same code`
          : `${s.kind} "${s.text}" of entry "${codeOf(s)}" collides with ${first.kind} "${first.text}" of entry "${codeOf(first)}" at line ${lineOf(first)}`,
      );
      continue;
    }
    if (s.kind === 'name') continue;
    const value = numericValueOf(s.text);
    if (value === undefined) continue;
    const firstWithValue = byValue.get(value);
    if (firstWithValue === undefined) byValue.set(value, s);
    else if (firstWithValue.entry !== s.entry) {
      report(
        s.path,
        `${s.kind} "${s.text}" of entry "${codeOf(s)}" is the same number (${value}) as ${firstWithValue.kind} "${firstWithValue.text}" of entry "${codeOf(firstWithValue)}" at line ${lineOf(firstWithValue)}`,
      );
    }
  }

  data.entries.forEach((e, i) => {
    if (e.range === undefined) return;
    for (let j = 0; j < i; j++) {
      const other = data.entries[j];
      if (other?.range === undefined) continue;
      if (e.range.from <= other.range.to && other.range.from <= e.range.to) {
        report(
          ['entries', i, 'range'],
          `range ${e.range.from}..${e.range.to} of "${e.code}" overlaps range ${other.range.from}..${other.range.to} of "${other.code}" at line ${positionOf(['entries', j, 'range']).line}`,
        );
      }
    }
  });
  return errors;
}

/** Codes first, then aliases and names, so a duplicate is reported against the earlier entry's code. */
function spellingsOf(data: CatalogFileData): Spelling[] {
  const out: Spelling[] = [];
  data.entries.forEach((e, i) => out.push({ entry: i, kind: 'code', text: e.code, path: ['entries', i, 'code'] }));
  data.entries.forEach((e, i) => {
    e.aliases.forEach((a, j) => out.push({ entry: i, kind: 'alias', text: a, path: ['entries', i, 'aliases', j] }));
    if (e.name !== '') out.push({ entry: i, kind: 'name', text: e.name, path: ['entries', i, 'name'] });
  });
  return out;
}
