// Counts, for the "no line lost or repeated" regressions, every unique line written against every line
// delivered (by one run or several): lost = written and never delivered, duplicated = delivered more than once.
import type { RunProcess } from '../run/run-process.js';

export interface LedgerCounts {
  readonly written: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Delivered but never written (must be 0: the test would be counting the wrong thing). */
  readonly unknown: number;
}

export function countLedger(written: number, delivered: readonly number[]): LedgerCounts {
  const seen = new Map<number, number>();
  for (const s of delivered) seen.set(s, (seen.get(s) ?? 0) + 1);
  let lost = 0;
  for (let s = 1; s <= written; s++) if (!seen.has(s)) lost++;
  let duplicated = 0;
  let unknown = 0;
  for (const [s, n] of seen) {
    if (s < 1 || s > written) unknown += n;
    else duplicated += n - 1;
  }
  return { written, delivered: delivered.length, lost, duplicated, unknown };
}

/** The seq numbers every run delivered, in run order. */
export const deliveredBy = (runs: readonly RunProcess[]): number[] => runs.flatMap((r) => r.seqs());
