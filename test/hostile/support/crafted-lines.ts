// Hostile lines of exactly the line cap, crafted from the rules themselves: their anchors and the words of
// their own test lines, flooded, cut, wrapped and combined so every candidate rule runs on 64 KiB of bait.
import type { CompiledRuleSet } from '../../../src/rules/rule-types.js';

export interface CraftedLine {
  readonly name: string;
  readonly text: string;
}

/** `unit` repeated to exactly `length` characters. */
export function flood(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Colours every word, as a terminal-bound logger would (ESC kept, and with ESC lost). */
function ansi(text: string): string {
  return text.replace(/\S+/g, (w, i: number) => (i % 2 === 0 ? `\u001b[1;31m${w}\u001b[0m` : `[0;33m${w}[0m`));
}

function fullWidth(text: string): string {
  const map: Record<string, string> = { ':': '：', ',': '，', '[': '［', ']': '］', '(': '（', ')': '）' };
  return text.replace(/[:,[\]()]/g, (c) => map[c] ?? c);
}

/**
 * Lines of `length` characters aimed at every rule of `rules` (test lines given by the caller, usually every
 * inline test of the rule files): floods of anchors, of whole and half test lines, of each distinct word of
 * the test lines after all anchors (bait for `.*?` and greedy loops), long digit/word/space runs after each
 * anchor, and Docker JSON, ANSI, full-width and grep -n wrapped floods.
 */
export function craftedLines(rules: CompiledRuleSet, testLines: readonly string[], length: number): CraftedLine[] {
  const anchors = [...new Set(rules.rules.flatMap((r) => r.anchors))];
  const allAnchors = anchors.join(' ');
  const lines: CraftedLine[] = [];
  const add = (name: string, text: string): void => {
    lines.push({ name, text: text.slice(0, length) });
  };

  add('all-anchors', flood(`${allAnchors} `, length));
  add('all-anchors-glued', flood(anchors.join(''), length));
  add('all-tests', flood(`${testLines.join(' ')} `, length));
  anchors.forEach((a, i) => {
    add(`anchor-${i}-flood`, flood(a, length));
    add(`anchor-${i}-digits`, `${a} ${flood('1', length)}`);
    add(`anchor-${i}-minus-digits`, `${a}-${flood('9', length)}`);
    add(`anchor-${i}-word`, `${a}${flood('a', length)}`);
    add(`anchor-${i}-spaces`, `${a}${flood(' ', length - a.length - 1)}!`);
  });
  testLines.forEach((t, i) => {
    add(`test-${i}-flood`, flood(`${t} `, length));
    add(`test-${i}-half-flood`, flood(`${t.slice(0, t.length >> 1)} `, length));
    add(`test-${i}-no-digits-flood`, flood(`${t.replace(/\d/g, '')} `, length));
    add(`test-${i}-docker`, JSON.stringify({ log: `${flood(`${t} `, length)}\n`, stream: 'stderr', time: '2026-05-24T10:11:12.000Z' }));
    add(`test-${i}-ansi`, flood(`${ansi(t)} `, length));
    add(`test-${i}-full-width`, flood(`${fullWidth(t)} `, length));
    add(`test-${i}-grep`, `12345:${flood(`${t} `, length)}`);
  });
  const words = [...new Set(testLines.flatMap((t) => t.split(/\s+/)))].filter((w) => w !== '');
  words.forEach((w, i) => add(`word-${i}-after-anchors`, `${allAnchors} ${flood(`${w} `, length)}`));
  return lines;
}
