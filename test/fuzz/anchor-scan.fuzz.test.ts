// Property test of the anchor scan (extract-matches.ts candidateRules): after each anchor it resumes where another
// anchor could begin that is not inside it (anchor-prefilter.ts AnchorHit), not one character later, and must still
// mark exactly the rules one of whose anchors the text holds, as an includes() per anchor would. Texts are anchors
// of the bundled rules and of a synthetic set built to overlap (suffix of one = prefix of another), pieces of them
// and other text, run together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { anchorHits, buildAnchorScan } from '../../src/rules/anchor-prefilter.js';
import type { CompiledRuleSet } from '../../src/rules/rule-types.js';
import { candidateRules } from '../../src/transforms/extract/extract-matches.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const { rules: bundled } = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });

/** Rules whose anchors overlap in every way: contained, suffix = prefix, repeated letters. */
const SYNTHETIC: readonly (readonly string[])[] = [['abab'], ['baba', 'bab'], ['abc'], ['cab'], ['bca', 'error code'], ['rror'], ['code'], ['ode='], ['de=1'], ['e=12x'], ['aaaa'], ['aaab']];

/** A rule set with only what candidateRules reads. */
function syntheticSet(ruleAnchors: readonly (readonly string[])[]): CompiledRuleSet {
  return {
    rules: ruleAnchors.map((anchors) => ({ anchors })),
    anchorScan: buildAnchorScan(ruleAnchors.flat()),
    anchorHits: anchorHits(ruleAnchors),
  } as unknown as CompiledRuleSet;
}

function expected(text: string, ruleAnchors: readonly (readonly string[])[]): number[] {
  return ruleAnchors.flatMap((anchors, i) => (anchors.some((a) => text.includes(a)) ? [i] : []));
}

function observed(text: string, set: CompiledRuleSet): number[] {
  const marks = candidateRules(text, set);
  return marks === undefined ? [] : [...marks.keys()].filter((i) => marks[i] === 1);
}

const texts = (anchors: readonly string[]): fc.Arbitrary<string> => {
  const piece = fc.constantFrom(...anchors).chain((a) => fc.integer({ min: 0, max: a.length }).chain((from) => fc.integer({ min: from, max: a.length }).map((to) => a.slice(from, to))));
  const part = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...anchors) }, { weight: 3, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
  return fc.array(part, { minLength: 1, maxLength: 10 }).map((ps) => ps.join(''));
};

describe('the anchor scan', () => {
  const bundledAnchors = bundled.rules.map((r) => r.anchors);
  it.each([
    ['the bundled rules', bundledAnchors, bundled],
    ['overlapping synthetic anchors', SYNTHETIC, syntheticSet(SYNTHETIC)],
  ] as const)(
    'marks exactly the rules with an anchor in the text: %s',
    (_name, ruleAnchors, set) => {
      fc.assert(
        fc.property(texts([...new Set(ruleAnchors.flat())]), (text) => {
          expect(observed(text, set)).toEqual(expected(text, ruleAnchors));
        }),
        fuzzSettings(0xa5c4, 3000),
      );
    },
    fuzzTimeout(60_000),
  );

  it.each([
    ['code', 1],
    ['error code', 1],
    ['failed', 0],
  ])('resumes %s %d characters before its end in the bundled set', (anchor, back) => {
    expect(bundled.anchorHits.get(anchor)?.resumeBack).toBe(back);
  });
});
