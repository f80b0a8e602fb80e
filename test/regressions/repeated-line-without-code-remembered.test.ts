// Regression (speed, counted not timed): a line with an anchor but no code ran the anchor scan and every
// candidate rule's pattern each time it appeared, though real logs repeat such lines verbatim (a traceback's
// `raise LLMException(f"... failed, error code is {...}")`, `if ret != LLMStatusCode.LLM_SUCCESS:`); a third of
// the bench corpus's anchor lines are such repeats. The last REMEMBERED_LINES of them are now remembered per
// rule set; a line with a code is never remembered, so its events are made every time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { CompiledRuleSet } from '../../src/rules/rule-types.js';
import { extractMatches, REMEMBERED_LINE_CHARS, REMEMBERED_LINES } from '../../src/transforms/extract/extract-matches.js';

const RULE_FILE = `family: aclnn
rules:
  - id: near-failed
    anchors: ["failed"]
    pattern: '\\b(?<code>561\\d\\d\\d)\\b'
    tests:
      - line: "call failed 561002"
        events: [{code: "561002", class: unknown}]
`;

/** A fresh rule set whose pattern counts its exec() calls. */
function countingRuleSet(): { rules: CompiledRuleSet; searches: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'remembered-'));
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

describe('a line with an anchor and no code, seen again', () => {
  it('is answered from memory: the same empty extraction, no pattern searched', () => {
    const { rules, searches } = countingRuleSet();
    const first = extractMatches('raise LLMException(f"{name} failed, error code is {code}")', rules);
    expect([first?.matches, searches()]).toEqual([[], 1]);
    const again = extractMatches('raise LLMException(f"{name} failed, error code is {code}")', rules);
    expect([again, searches()]).toEqual([first, 1]);
  });

  it('is searched again for another rule set (a reload), and a line with a code every time', () => {
    const a = countingRuleSet();
    extractMatches('heartbeat failed, no code', a.rules);
    const b = countingRuleSet();
    extractMatches('heartbeat failed, no code', b.rules);
    expect([a.searches(), b.searches()]).toEqual([1, 1]);
    for (let i = 0; i < 3; i++) expect(extractMatches('call failed 561002', b.rules)?.matches.map((m) => m.spelling)).toEqual(['561002']);
    // Each time: the search finding 561002 and the one finding no more.
    expect(b.searches()).toBe(1 + 3 * 2);
  });

  it('is remembered only while short, and only the last REMEMBERED_LINES of them', () => {
    const { rules, searches } = countingRuleSet();
    const long = `failed ${'x'.repeat(REMEMBERED_LINE_CHARS)}`;
    extractMatches(long, rules);
    extractMatches(long, rules);
    expect(searches()).toBe(2);
    for (let i = 0; i <= REMEMBERED_LINES; i++) extractMatches(`failed #${i}`, rules);
    const before = searches();
    extractMatches('failed #0', rules);
    expect(searches()).toBe(before + 1);
  });
});
