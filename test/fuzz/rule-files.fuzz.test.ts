// Property tests of every bundled rule file through extractMatches and lineToEvents, on random text and on
// real lines (golden fixtures, example logs, negatives, every inline rule test) mutated at random: never
// throws, deterministic, one event per (family, code), every code canonical in the catalog or a bounded
// unknown, labels and samples capped; and wrapping a real line (Docker JSON, colours, grep -n) finds the same codes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { extractMatches, MAX_LABEL_LENGTH, MAX_MATCHES_PER_LINE } from '../../src/transforms/extract/extract-matches.js';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';
import { OTHER_CODE, UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { capSample, lineToEvents } from '../../src/transforms/line-to-events.js';
import type { CodeEvent } from '../../src/types.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const NOW = Date.UTC(2026, 11, 31, 12);

function logLines(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.log'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l !== '');
}

/** Every real line we have: fixtures (with negatives), example logs and the rule files' own tests. */
const REAL_LINES = [
  ...logLines(join(PACKAGE_ROOT, 'test', 'fixtures')),
  ...logLines(join(PACKAGE_ROOT, 'examples', 'logs')),
  ...knowledge.rules.files.flatMap((f) => f.tests.map((t) => t.text)),
];
const ANCHORS = [...new Set(knowledge.rules.rules.flatMap((r) => r.anchors))];

const realLine = fc.constantFrom(...REAL_LINES);
const junk = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...ANCHORS), fc.stringMatching(/^-?\d{1,12}$/));

/** A real line changed the way hostile or broken writers change lines. */
const mutatedLine = fc.oneof(
  realLine,
  fc.tuple(realLine, fc.nat(), junk).map(([l, at, j]) => l.slice(0, at % (l.length + 1)) + j + l.slice(at % (l.length + 1))),
  fc.tuple(realLine, fc.nat(), fc.nat()).map(([l, a, b]) => l.slice(0, a % (l.length + 1)) + l.slice((a % (l.length + 1)) + (b % 20))),
  fc.tuple(realLine, fc.nat()).map(([l, at]) => l.slice(0, at % (l.length + 1))),
  fc.tuple(realLine, realLine, fc.constantFrom(' ', '', ' | ')).map(([a, b, sep]) => a + sep + b),
  fc.tuple(realLine, fc.integer({ min: 2, max: 60 })).map(([l, n]) => Array.from({ length: n }, () => l).join(' ')),
  fc.tuple(realLine, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 })).map(([l, ds]) => {
    let i = 0;
    return l.replace(/\d/g, () => String(ds[i++ % ds.length]));
  }),
  fc.tuple(realLine, fc.boolean()).map(([l, up]) => (up ? l.toUpperCase() : l.toLowerCase())),
  fc.tuple(realLine, fc.array(fc.integer({ min: 1, max: 999_999 }), { minLength: 1, maxLength: 50 })).map(([l, codes]) => codes.map((c) => l.replace(/\d{5,}/, String(c))).join(' ')),
  fc.array(junk, { maxLength: 12 }).map((js) => js.join(' ')),
);

interface Checked {
  readonly events: readonly CodeEvent[];
  readonly unknowns: UnknownCodes;
}

/** Runs one line and checks every invariant an event must hold; returns the events for further checks. */
function checkLine(text: string): Checked {
  expect(() => extractMatches(text, knowledge.rules)).not.toThrow();
  const unknowns = new UnknownCodes();
  const line = { source: 'fuzz', path: '-', lineNo: 1, text };
  const events = lineToEvents(line, knowledge, unknowns, () => NOW);
  expect(lineToEvents(line, knowledge, new UnknownCodes(), () => NOW)).toEqual(events);
  expect(events.length).toBeLessThanOrEqual(MAX_MATCHES_PER_LINE);
  expect(new Set(events.map((e) => `${e.family}\0${e.code}`)).size).toBe(events.length);
  for (const e of events) {
    const entry = knowledge.catalog.lookup(e.family, e.code);
    const rule = knowledge.rules.rules.find((r) => r.id === e.rule);
    expect(rule?.family).toBe(e.family);
    expect(e.class).not.toBe('success');
    if (e.class === 'unknown') expect(entry === undefined || e.code === OTHER_CODE).toBe(true);
    if (entry !== undefined && entry.range === undefined) expect(e.code).toBe(entry.code);
    else expect(e.code === OTHER_CODE || unknowns.codes(e.family).includes(e.code)).toBe(true);
    for (const v of Object.values(e.labels)) expect(String(v).length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
    expect(e.line).toBe(capSample(unwrapLine(text)));
  }
  return { events, unknowns };
}

const codesOf = (events: readonly CodeEvent[]): string[] => events.map((e) => `${e.family}/${e.code}/${e.class}`).sort();

describe('every rule file on fuzzed lines', () => {
  it(
    'holds every event invariant on random text',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.array(junk, { maxLength: 20 }).map((j) => j.join(''))), (text) => {
          checkLine(text);
        }),
        fuzzSettings(0x5eed0201, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'holds every event invariant on mutated real lines',
    () => {
      fc.assert(
        fc.property(mutatedLine, (text) => {
          checkLine(text);
        }),
        fuzzSettings(0x5eed0202, 10000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'finds the same codes in a real line wrapped in Docker JSON, colours or a grep -n prefix',
    () => {
      const wrap = fc.constantFrom(
        (l: string) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2026-05-24T10:11:12.000Z' }),
        (l: string) => `\u001b[1;31m${l}\u001b[0m`,
        (l: string) => `[0;33m${l}[0m`,
        (l: string) => `4242:${l}`,
        (l: string) => `/var/log/app/worker-1.log:17:${l}`,
      );
      fc.assert(
        fc.property(realLine, wrap, (line, w) => {
          // A line that is itself a record, or starts with digits and ':' (grep-like), legitimately differs.
          fc.pre(!line.startsWith('{') && !/^[^\s:]*:?\d+:/.test(line));
          expect(codesOf(checkLine(w(line)).events)).toEqual(codesOf(checkLine(line).events));
        }),
        fuzzSettings(0x5eed0203, 5000),
      );
    },
    fuzzTimeout(),
  );
});
