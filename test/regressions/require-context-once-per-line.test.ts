// Regression: require_context conditions that read the whole line ran once per pattern match, so a 64 KiB
// line of 4,000 `errCode=1xxxx` without a speech-SDK tag cost 4,000 full-line scans (50-120 ms per line,
// quadratic in the line cap). Now line conditions are decided once per line; counted here, not timed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { CompiledRule, CompiledRuleSet, Condition } from '../../src/rules/rule-types.js';
import { extractMatches } from '../../src/transforms/extract/extract-matches.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });

/** The bundled rules with every require_context condition counting its calls. */
function countingRules(): { rules: CompiledRuleSet; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = (rule: CompiledRule, cs: readonly Condition[]): Condition[] =>
    cs.map((c) => (text, labels) => {
      calls.set(rule.id, (calls.get(rule.id) ?? 0) + 1);
      return c(text, labels);
    });
  const rules = knowledge.rules.rules.map((r): CompiledRule => {
    const context = r.requireContext;
    return context === undefined ? r : { ...r, requireContext: { line: counted(r, context.line), match: counted(r, context.match) } };
  });
  return { rules: { ...knowledge.rules, rules }, calls };
}

const LINE_BYTES = 64 * 1024;

describe('require_context on a line full of matches', () => {
  it.each([
    // rule id, the repeated unit (a match of the rule's pattern without its context), conditions it has
    ['speech-sdk-errcode', (i: number) => `errCode=${10000 + (i % 90000)} `, 3],
    ['speech-sdk-errcode', () => 'errCode=10001 ', 3],
    ['llm-datadist-failed', () => 'ret = -1 ', 1],
    ['core-vision-hilog-errcode', () => 'errCode: 1011000001 ', 2],
  ])('%s checks its line conditions once per line, not once per match', (ruleId, unit, conditions) => {
    expect(knowledge.rules.rules.map((r) => r.id)).toContain(ruleId);
    let text = '';
    for (let i = 0; text.length < LINE_BYTES; i++) text += unit(i);
    const { rules, calls } = countingRules();
    const extraction = extractMatches(text, rules);
    // Other rules may find candidates on the same line (evidence rules read cues, not tags); this rule finds none.
    expect(extraction?.matches.filter((m) => m.rule.id === ruleId)).toEqual([]);
    expect(calls.get(ruleId)).toBe(conditions);
  });

  it('still lets every match count once the line has its context', () => {
    const { rules, calls } = countingRules();
    const text = `[SpeechSDK] ${Array.from({ length: 40 }, (_, i) => `errCode=${12000 + i}`).join(' ')}`;
    const codes = extractMatches(text, rules)?.matches.map((m) => m.raw);
    expect(codes).toEqual(Array.from({ length: 32 }, (_, i) => String(12000 + i)));
    expect(calls.get('speech-sdk-errcode')).toBe(1);
  });
});
