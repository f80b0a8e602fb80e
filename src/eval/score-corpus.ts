// Scores extraction on a labelled corpus: per family, true and false positives and misses, precision and recall.
// Families the loaded catalogs do not define are left out of both sides, so a corpus can already hold lines of
// families still to come (their lines then count as negatives for the loaded ones). Pure: no I/O.
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { RULE_TEST_NOW } from '../rules/run-rule-tests.js';
import { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../transforms/line-to-events.js';
import type { CorpusCase } from './real-corpus.js';

export interface FamilyScore {
  readonly family: string;
  truePositives: number;
  falsePositives: number;
  misses: number;
}

export interface CaseMiss {
  readonly at: string;
  readonly source: string;
  readonly line: string;
  /** `family:code` expected but not found. */
  readonly missed: readonly string[];
  /** `family:code` found but not expected. */
  readonly extra: readonly string[];
}

export interface CorpusScore {
  readonly lines: number;
  readonly positiveLines: number;
  /** Lines that expect no event of a loaded family. */
  readonly negativeLines: number;
  /** Negative lines on which any event was found. */
  readonly negativesWithEvents: number;
  readonly families: readonly FamilyScore[];
  readonly total: FamilyScore;
  readonly wrong: readonly CaseMiss[];
}

export function scoreCorpus(cases: readonly CorpusCase[], knowledge: Knowledge): CorpusScore {
  const loaded = new Set(knowledge.catalog.families.map((f) => f.id));
  const byFamily = new Map<string, FamilyScore>([...loaded].sort().map((f) => [f, { family: f, truePositives: 0, falsePositives: 0, misses: 0 }]));
  const wrong: CaseMiss[] = [];
  let positiveLines = 0;
  let negativesWithEvents = 0;
  cases.forEach((c, i) => {
    const expected = new Set(c.events.filter((e) => loaded.has(e.family)).map((e) => `${e.family}:${e.code}`));
    const line = { source: 'eval', path: c.at, lineNo: i + 1, text: c.line };
    const found = new Set(lineToEvents(line, knowledge, new UnknownCodes(), () => RULE_TEST_NOW).map((e) => `${e.family}:${e.code}`));
    if (expected.size > 0) positiveLines++;
    else if (found.size > 0) negativesWithEvents++;
    const missed = [...expected].filter((k) => !found.has(k));
    const extra = [...found].filter((k) => !expected.has(k));
    for (const k of expected) if (found.has(k)) scoreOf(byFamily, k).truePositives++;
    for (const k of missed) scoreOf(byFamily, k).misses++;
    for (const k of extra) scoreOf(byFamily, k).falsePositives++;
    if (missed.length > 0 || extra.length > 0) wrong.push({ at: c.at, source: c.source, line: c.line, missed, extra });
  });
  const families = [...byFamily.values()];
  const total: FamilyScore = { family: 'all', truePositives: 0, falsePositives: 0, misses: 0 };
  for (const f of families) {
    total.truePositives += f.truePositives;
    total.falsePositives += f.falsePositives;
    total.misses += f.misses;
  }
  return { lines: cases.length, positiveLines, negativeLines: cases.length - positiveLines, negativesWithEvents, families, total, wrong };
}

export function precision(s: FamilyScore): number {
  const found = s.truePositives + s.falsePositives;
  return found === 0 ? 1 : s.truePositives / found;
}

export function recall(s: FamilyScore): number {
  const expected = s.truePositives + s.misses;
  return expected === 0 ? 1 : s.truePositives / expected;
}

function scoreOf(byFamily: Map<string, FamilyScore>, key: string): FamilyScore {
  const family = key.slice(0, key.indexOf(':'));
  let score = byFamily.get(family);
  if (score === undefined) byFamily.set(family, (score = { family, truePositives: 0, falsePositives: 0, misses: 0 }));
  return score;
}
