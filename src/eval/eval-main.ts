#!/usr/bin/env node
// `npm run eval`: precision and recall of the bundled rules on the real-world corpus, per family.
//   npm run eval                      the tuning split (test/fixtures/real/*.yaml)
//   npm run eval -- --holdout         the held-aside split (test/fixtures/real/holdout/*.yaml)
//   npm run eval -- --fresh           the second held-aside split, scored once after tuning (holdout-fresh/*.yaml)
//   npm run eval -- --holdout3        the third held-aside split, scored once after tuning (holdout-3/*.yaml)
//   npm run eval -- --all --verbose   all four, and every line that was missed or wrongly found
//   npm run eval -- --dir DIR         another corpus laid out the same way
//   npm run eval -- --rules DIR       other rules (e.g. an older version, to compare)
import '../regex/safe-regex.js';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../cli/package-info.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { formatLoadError, LoadErrors } from '../load/load-error.js';
import type { LoadError } from '../load/load-error.js';
import { loadCorpus } from './real-corpus.js';
import type { CorpusCase } from './real-corpus.js';
import { precision, recall, scoreCorpus } from './score-corpus.js';
import type { CorpusScore, FamilyScore } from './score-corpus.js';

export const REAL_CORPUS_DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'real');

/** The held-aside splits, each a directory under the corpus root, with the flag that scores it alone. */
const HELD_OUT_SPLITS: readonly (readonly [flag: string, dir: string])[] = [
  ['--holdout', 'holdout'],
  ['--fresh', 'holdout-fresh'],
  ['--holdout3', 'holdout-3'],
];

function main(argv: readonly string[]): number {
  const verbose = argv.includes('--verbose');
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const root = option('--dir') ?? REAL_CORPUS_DIR;
  const rulesDir = option('--rules') ?? join(PACKAGE_ROOT, 'rules');
  const heldOut = HELD_OUT_SPLITS.find(([flag]) => argv.includes(flag));
  const dirs = argv.includes('--all') ? [root, ...HELD_OUT_SPLITS.map(([, dir]) => join(root, dir))] : [heldOut ? join(root, heldOut[1]) : root];
  const cases: CorpusCase[] = [];
  for (const dir of dirs) {
    const loaded = loadCorpus(dir);
    if (loaded.errors.length > 0) {
      process.stderr.write(formatAll(loaded.errors));
      return 2;
    }
    cases.push(...loaded.cases);
  }
  let knowledge: Knowledge;
  try {
    knowledge = loadKnowledge({ catalogDir: join(PACKAGE_ROOT, 'catalogs'), rulesDir });
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    process.stderr.write(formatAll(err.errors));
    return 2;
  }
  const score = scoreCorpus(cases, knowledge);
  process.stdout.write(renderScore(score, verbose));
  return 0;
}

function formatAll(errors: readonly LoadError[]): string {
  return errors.map((e) => `${formatLoadError(e)}\n`).join('');
}

export function renderScore(score: CorpusScore, verbose: boolean): string {
  const rows = [...score.families, score.total].map((f: FamilyScore) => [
    f.family,
    String(f.truePositives + f.misses),
    String(f.truePositives),
    String(f.falsePositives),
    String(f.misses),
    precision(f).toFixed(3),
    recall(f).toFixed(3),
  ]);
  const head = ['family', 'expected', 'found', 'wrong', 'missed', 'precision', 'recall'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  let out = `${score.lines} lines: ${score.positiveLines} with codes, ${score.negativeLines} negatives (${score.negativesWithEvents} of them with an event)\n`;
  out += `${fmt(head)}\n${rows.map(fmt).join('\n')}\n`;
  if (verbose) {
    for (const w of score.wrong) {
      out += `\n${w.at} (${w.source})\n  ${w.line}\n`;
      if (w.missed.length > 0) out += `  missed: ${w.missed.join(', ')}\n`;
      if (w.extra.length > 0) out += `  wrong:  ${w.extra.join(', ')}\n`;
    }
  }
  return out;
}

process.exitCode = main(process.argv.slice(2));
