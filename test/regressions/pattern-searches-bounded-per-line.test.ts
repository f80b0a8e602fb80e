// Regression: the extract loop ran a rule's pattern once per match until the line ran out, and a pattern
// that looks to the end of the line for each short match (`a.*b|a`: no `b`, so every search scans on) stays
// under V8's backtrack limit per search, so the linear-engine fallback never fires: 64 KiB of `a` took
// 65,537 searches of ~32K steps each (3.9 s). Searches per rule per line are now capped; counted, not timed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { CompiledRuleSet } from '../../src/rules/rule-types.js';
import { extractMatches, MAX_MATCHES_PER_LINE, MAX_SEARCHES_PER_RULE } from '../../src/transforms/extract/extract-matches.js';

const RULE_FILE = `family: aclnn
rules:
  - id: greedy-lookahead
    anchors: ["aaa"]
    pattern: '(?<code>a.*b|a)'
    tests:
      - line: "aaa"
        events: [{code: "a", class: unknown}]
`;

/** The rule set with its one pattern counting exec() calls. */
function countingRuleSet(): { rules: CompiledRuleSet; searches: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'searches-'));
  writeFileSync(join(dir, 'greedy.yaml'), RULE_FILE);
  const loaded = loadRuleFiles([join(dir, 'greedy.yaml')]);
  let calls = 0;
  class CountingRegExp extends RegExp {
    override exec(text: string): RegExpExecArray | null {
      calls++;
      return super.exec(text);
    }
  }
  const rule = loaded.rules[0];
  const counting = (re: RegExp): RegExp => new CountingRegExp(re.source, re.flags);
  const rules = { ...loaded, rules: [{ ...rule, pattern: { fast: counting(rule.pattern.fast), linear: counting(rule.pattern.linear) } }] };
  return { rules, searches: () => calls };
}

describe('a pattern matching thousands of times on one line', () => {
  it('is searched at most MAX_SEARCHES_PER_RULE times per line', () => {
    const { rules, searches } = countingRuleSet();
    const extraction = extractMatches('a'.repeat(64 * 1024), rules);
    expect(extraction?.matches.map((m) => m.raw)).toEqual(['a']);
    expect(searches()).toBe(MAX_SEARCHES_PER_RULE);
  });

  it('still finds every distinct code of an ordinary line', () => {
    const { rules, searches } = countingRuleSet();
    expect(extractMatches('aaab', rules)?.matches.map((m) => m.raw)).toEqual(['aaab']);
    expect(searches()).toBe(2);
    expect(MAX_SEARCHES_PER_RULE).toBeGreaterThanOrEqual(2 * MAX_MATCHES_PER_LINE);
  });
});
