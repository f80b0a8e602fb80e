// Property test of what the rule set derives from its anchors at every start (anchor-prefilter.ts): the quick
// forms of prefilterLiterals, anchorHits' resume points, rulesByAnchor and literalTrie must give what their plain
// definitions give (the definitions are written out here, as the functions were before they were made quick).
// Anchors are drawn from a small alphabet so that they contain, overlap and repeat one another, with the
// characters that unwrapping changes and that a regex must escape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorCore, anchorHits, anchorRawForms, escapeRegex, literalTrie, prefilterLiterals, rulesByAnchor } from '../../src/rules/anchor-prefilter.js';
import { fuzzSettings } from './fuzz-settings.js';

/** Letters that overlap, every character unwrapping changes (a control makes an anchor fall back to its core), regex specials, a surrogate pair. */
const CHARACTERS = ['a', 'b', 'c', ':', ',', '"', '(', ')', '[', ']', '<', '>', '&', '\\', '\t', '.', '|', '😀'];
const anchor = fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));

/** anchorRawForms as it was written before its plain-word shortcut: every character's forms, multiplied out. */
const FORMS: Record<string, readonly string[]> = { '"': ['"', '\\"'], '\\': ['\\', '\\\\'], ':': [':', '：'], ',': [',', '，'], '[': ['[', '［'], ']': [']', '］'], '(': ['(', '（'], ')': [')', '）'], '<': ['<', '\\u003c'], '>': ['>', '\\u003e'], '&': ['&', '\\u0026'] };
function plainRawForms(a: string): string[] {
  const chars = [...a];
  const unstable = chars.filter((ch) => /["\\:,[\]()<>&\u0000-\u001f\u007f]/.test(ch)).length;
  if (/[\u0000-\u001f\u007f]/.test(a) || 2 ** unstable > 64) return [anchorCore(a)];
  let forms = [''];
  for (const ch of chars) forms = forms.flatMap((f) => (FORMS[ch] ?? [ch]).map((o) => f + o));
  return forms;
}
const ruleAnchors = fc.array(fc.array(anchor, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 });

/** escapeRegex as it was written before it shared the trie's per-character escape. */
function plainEscape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function plainLiterals(anchors: readonly string[]): string[] {
  const forms = [...new Set(anchors.flatMap(plainRawForms))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return forms.filter((c, i) => !forms.slice(0, i).some((shorter) => c.includes(shorter)));
}

function plainRulesByAnchor(rules: readonly (readonly string[])[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const a of new Set(rules.flat())) map.set(a, rules.flatMap((anchors, i) => (anchors.some((b) => a.includes(b)) ? [i] : [])));
  return map;
}

function plainResumeBack(a: string, all: readonly string[]): number {
  for (let k = a.length - 1; k >= 1; k--) if (all.some((o) => o.length > k && o.startsWith(a.slice(a.length - k)))) return k;
  return 0;
}

describe('what the rule set derives from its anchors', () => {
  it('prefilterLiterals, rulesByAnchor and anchorHits equal their plain definitions', () => {
    fc.assert(
      fc.property(ruleAnchors, (rules) => {
        const flat = rules.flat();
        for (const a of flat) expect(anchorRawForms(a)).toEqual(plainRawForms(a));
        expect(prefilterLiterals(flat)).toEqual(plainLiterals(flat));
        expect([...rulesByAnchor(rules)]).toEqual([...plainRulesByAnchor(rules)]);
        const all = [...new Set(flat)];
        for (const [a, hit] of anchorHits(rules)) expect(hit.resumeBack).toBe(plainResumeBack(a, all));
      }),
      fuzzSettings(0xd3e1, 2000),
    );
  });

  it('literalTrie matches exactly the literals, as the escaped alternation does', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anchor, { minLength: 1, maxLength: 8 }), fc.array(anchor, { maxLength: 6 }), (literals, probes) => {
        // No flags, as the prefilter and the anchor scan are built.
        const trie = new RegExp(`^(?:${literalTrie(literals)})$`);
        const flat = new RegExp(`^(?:${literals.map(plainEscape).join('|')})$`);
        for (const probe of [...literals, ...probes]) expect(trie.test(probe)).toBe(flat.test(probe));
        for (const literal of literals) expect(escapeRegex(literal)).toBe(plainEscape(literal));
      }),
      fuzzSettings(0xd3e2, 2000),
    );
  });
});
