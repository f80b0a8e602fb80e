// Regression (speed, counted not timed): two rules with the very same pattern (the speech SDK's
// `code-with-context` and `code-with-message`, both `\b(?<code>[1-9]\d\d\d\d)\b`) each searched every line
// holding their anchors, though a pattern that found nothing for one cannot find anything for the other.
// Now a pattern that missed on a line is not searched again on it; one that matched still runs per rule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { CompiledRuleSet } from '../../src/rules/rule-types.js';
import { extractMatches } from '../../src/transforms/extract/extract-matches.js';

const RULE_FILE = `family: aclnn
rules:
  - id: near-failed
    anchors: ["failed"]
    pattern: '\\b(?<code>561\\d\\d\\d)\\b'
    evidence:
      - before: 'failed $'
    tests:
      - line: "call failed 561002"
        events: [{code: "561002", class: unknown}]
  - id: near-status
    anchors: ["status"]
    pattern: '\\b(?<code>561\\d\\d\\d)\\b'
    evidence:
      - before: 'status $'
    tests:
      - line: "status 561003"
        events: [{code: "561003", class: unknown}]
`;

/** The two rules with their patterns counting exec() calls into one counter. */
function countingRuleSet(): { rules: CompiledRuleSet; searches: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'shared-pattern-'));
  writeFileSync(join(dir, 'aclnn.yaml'), RULE_FILE);
  const loaded = loadRuleFiles([join(dir, 'aclnn.yaml')]);
  let calls = 0;
  class CountingRegExp extends RegExp {
    override exec(text: string): RegExpExecArray | null {
      calls++;
      return super.exec(text);
    }
  }
  const counting = (re: RegExp): RegExp => new CountingRegExp(re.source, re.flags);
  const rules = { ...loaded, rules: loaded.rules.map((r) => ({ ...r, pattern: { fast: counting(r.pattern.fast), linear: counting(r.pattern.linear) } })) };
  return { rules, searches: () => calls };
}

describe('rules sharing one pattern', () => {
  it('are known at load: the bundled speech SDK rules share theirs, the aclnn cue and status rules theirs', () => {
    const { rules } = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
    const index = (id: string): number => rules.rules.findIndex((r) => r.id === id);
    expect(rules.samePatternAs[index('speech-sdk-code-with-message')]).toBe(index('speech-sdk-code-with-context'));
    expect(rules.samePatternAs[index('aclnn-code-near-status')]).toBe(index('aclnn-code-near-cue'));
    expect(rules.samePatternAs[index('speech-sdk-code-with-context')]).toBe(index('speech-sdk-code-with-context'));
  });

  it('search a line where the pattern finds nothing once, not once per rule', () => {
    const { rules, searches } = countingRuleSet();
    expect(rules.samePatternAs).toEqual([0, 0]);
    expect(extractMatches('status: call failed, no code here', rules)?.matches).toEqual([]);
    expect(searches()).toBe(1);
  });

  it('still run each rule where the pattern matches', () => {
    const { rules, searches } = countingRuleSet();
    expect(extractMatches('status: call failed 561002', rules)?.matches.map((m) => [m.rule.id, m.raw])).toEqual([['near-failed', '561002']]);
    // Each rule: the first search finds 561002, the second finds no more.
    expect(searches()).toBe(4);
  });
});
