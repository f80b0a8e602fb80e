// The fast path for the ~85% of lines that carry no code: one regex of literal alternatives, built once,
// tested on the raw line before any unwrapping. It can only say "maybe" too often, never "no" wrongly.
//
// Why it runs on the raw line: unwrapping (Docker JSON, ANSI, full-width punctuation) allocates. Each
// anchor contributes every raw spelling that unwraps to it ("raw forms"): `[PID` -> `[PID` or `［PID` (`［`
// becomes `[`), `"error_code"` -> also `\"error_code\"` (Docker's JSON escapes quotes). A line containing
// the anchor after unwrapping contains one of its raw forms before it, so nothing is lost; and a generic core
// is not searched alone (`PID` without its bracket let 5% of the bench corpus through, `PID:161002` lines).
// An anchor with a control character, or too many forms, contributes its longest run of characters that
// unwrapping never changes ("stable core") instead, as every anchor did before: `a\tb:c` -> `a\tb`.
// Assumed, as by the core before: an ANSI sequence never splits an anchor, and JSON escapes are Docker's
// (Go's encoding/json: `\"`, `\\`, controls, and `\u003c` `\u003e` `\u0026` for `<>&`).
// Why a regex and not includes(): measured on 200k typical lines with 14 anchors, one alternation
// costs ~300 ns/line, a loop of String#includes ~700-1200 ns/line. In undecoded bytes (scan) a LiteralSearch
// (literal-search.ts) finds the same lines at half the regex's cost; in decoded lines the regex stays, since
// charCodeAt on sliced and two-byte strings made the same search ~5x slower than the regex there.

import { LiteralSearch } from './literal-search.js';

/** Characters an unwrapping step may add, remove or replace: JSON escapes, full-width forms, controls. */
const UNSTABLE = /["\\:,[\]()<>&\u0000-\u001f\u007f]/;
/** Full-width punctuation that unwrap-line normalises away; an anchor containing it could never match. */
export const FULL_WIDTH_PUNCTUATION = /[：，［］（）]/;

/** The shortest stable core a rule anchor may have; shorter ones would let most lines through. */
export const MIN_ANCHOR_CORE = 3;

/** The longest run of `anchor` without unstable characters (first on ties). */
export function anchorCore(anchor: string): string {
  let best = '';
  let run = '';
  for (const ch of anchor) {
    if (UNSTABLE.test(ch)) {
      if (run.length > best.length) best = run;
      run = '';
    } else {
      run += ch;
    }
  }
  return run.length > best.length ? run : best;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why `anchor` cannot be used, or undefined if it can. */
export function anchorProblem(anchor: string): string | undefined {
  // A lone surrogate has no UTF-8 form: the byte search would look for U+FFFD's bytes where the regexes look for the
  // surrogate, and a line could then be found by one and not the other.
  if (LONE_SURROGATE.test(anchor)) return 'an anchor cannot hold a lone UTF-16 surrogate (\\ud800-\\udfff without its pair): it is not text';
  if (FULL_WIDTH_PUNCTUATION.test(anchor)) return 'anchors are matched after full-width punctuation is normalised; write ：，［］（） as :,[]()';
  if (anchorCore(anchor).length < MIN_ANCHOR_CORE) {
    return `an anchor needs ${MIN_ANCHOR_CORE} or more characters in a row other than quotes, backslashes, :,[]()<>& and controls`;
  }
  return undefined;
}

/** The raw spellings of each unstable character an anchor may hold (see the module comment). */
const RAW_FORMS: Readonly<Record<string, readonly string[]>> = {
  '"': ['"', '\\"'],
  '\\': ['\\', '\\\\'],
  ':': [':', '：'],
  ',': [',', '，'],
  '[': ['[', '［'],
  ']': [']', '］'],
  '(': ['(', '（'],
  ')': [')', '）'],
  '<': ['<', '\\u003c'],
  '>': ['>', '\\u003e'],
  '&': ['&', '\\u0026'],
};
/** Past this many raw forms (2 per unstable character) an anchor falls back to its stable core. */
const MAX_RAW_FORMS = 64;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Every raw spelling of `anchor` that unwraps to it: the product of its unstable characters' forms. Its stable
 * core alone (one literal) when it holds a control character or would have more than MAX_RAW_FORMS spellings.
 */
export function anchorRawForms(anchor: string): string[] {
  // Most anchors are plain words: one test instead of one per character (this runs at every start).
  if (!UNSTABLE.test(anchor)) return [anchor];
  const chars = [...anchor];
  const unstable = chars.filter((ch) => UNSTABLE.test(ch)).length;
  if (CONTROL.test(anchor) || 2 ** unstable > MAX_RAW_FORMS) return [anchorCore(anchor)];
  let forms = [''];
  for (const ch of chars) {
    const options = RAW_FORMS[ch] ?? [ch];
    forms = forms.flatMap((f) => options.map((o) => f + o));
  }
  return forms;
}

/** One alternation of the distinct raw forms of the anchors (`literals`: their prefilterLiterals, if already known). */
export function buildPrefilter(anchors: readonly string[], literals = prefilterLiterals(anchors)): RegExp {
  return literals.length === 0 ? /(?!)/ : new RegExp(literalTrie(literals));
}

/**
 * The prefilter as a literal search of undecoded bytes (each raw form UTF-8 encoded), for a chunk of input: UTF-8 is
 * self-synchronising, so in a line of valid UTF-8 a form's bytes occur exactly where the form occurs in the decoded
 * text, and this finds the same lines as buildPrefilter, undecoded.
 */
export function buildByteSearch(anchors: readonly string[], literals = prefilterLiterals(anchors)): LiteralSearch {
  return LiteralSearch.ofUtf8(literals);
}

/**
 * The distinct raw forms; shorter ones first so a form that contains another adds nothing. Only the forms kept so
 * far are compared (a dropped one contains a kept one that is shorter still): this runs at every start.
 */
export function prefilterLiterals(anchors: readonly string[]): string[] {
  const forms = [...new Set(anchors.flatMap(anchorRawForms))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const form of forms) if (!kept.some((shorter) => form.includes(shorter))) kept.push(form);
  return kept;
}

/**
 * The literals as one regex that shares their common prefixes (`LLM_(?:LINK_(?:BUSY|FAILED)|TIMEOUT)`), matching
 * exactly the same strings and, at any position, the longest of them (a literal that is a prefix of another is an
 * optional tail, tried greedily). V8 then tests one branch per character instead of every literal: with the
 * ~50 anchors of the vocabulary rules, the flat alternation cost 3x the prefilter time of the 13 it replaced.
 */
export function literalTrie(literals: readonly string[]): string {
  interface Node {
    end: boolean;
    readonly next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const ch of literal) {
      let child = node.next.get(ch);
      if (child === undefined) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    if (node.next.size === 0) return '';
    // Most nodes have one child: no sort, and no regex replace per character (this runs at every start).
    const entries = node.next.size === 1 ? [...node.next] : [...node.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const branches = entries.map(([ch, child]) => escapeCharacter(ch) + emit(child));
    const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
    if (!node.end) return body;
    // The tail is optional: one character or an existing group takes `?` directly, anything longer is grouped.
    return branches.length > 1 || isOneCharacter(body) ? `${body}?` : `(?:${body})?`;
  };
  return emit(root);
}

/** The characters escaped so a regex matches them literally (with `/`, as escapeRegex always has). */
const REGEX_SPECIAL = new Set('.*+?^${}()|[]\\/');

/** One character (a code point) escaped for a regex: a set lookup, no regex (the trie runs it at every start). */
function escapeCharacter(ch: string): string {
  return REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
}

/** One code point (a surrogate pair is one). */
function isOneCharacter(text: string): boolean {
  return text.length === 1 || (text.length === 2 && text.codePointAt(0) !== text.charCodeAt(0));
}

export function escapeRegex(literal: string): string {
  let escaped = '';
  for (const ch of literal) escaped += escapeCharacter(ch);
  return escaped;
}

/** The exact anchors as one global alternation, longest first, so a match is the longest anchor at its position. */
export function buildAnchorScan(anchors: readonly string[]): RegExp {
  const distinct = [...new Set(anchors)];
  return new RegExp(distinct.length === 0 ? '(?!)' : literalTrie(distinct), 'g');
}

/** What finding an anchor tells the anchor scan (extract-matches.ts candidateRules). */
export interface AnchorHit {
  /** Indexes of the rules to try: those having the anchor or any anchor it contains (found with it, then). */
  readonly rules: readonly number[];
  /**
   * Where the scan resumes, counted back from the anchor's end: the longest proper suffix of it that begins another,
   * longer anchor (`code` then `errno` in `codeerrno`: 1), 0 if none. An anchor starting earlier inside this one ends
   * inside it too, so it is contained and its rules are already in `rules`: resuming there instead of one character
   * after the match finds the same rules with fewer searches (`error code` no longer finds `rror code`, then `code`).
   */
  readonly resumeBack: number;
}

/** For each distinct anchor, its AnchorHit. */
export function anchorHits(ruleAnchors: readonly (readonly string[])[]): Map<string, AnchorHit> {
  const byAnchor = rulesByAnchor(ruleAnchors);
  // Each prefix of an anchor -> the length of the longest anchor beginning with it: one lookup per suffix below
  // instead of a pass over every anchor (this runs at every start).
  const longestWithPrefix = new Map<string, number>();
  for (const anchor of byAnchor.keys()) {
    for (let p = 1; p <= anchor.length; p++) {
      const prefix = anchor.slice(0, p);
      if ((longestWithPrefix.get(prefix) ?? 0) < anchor.length) longestWithPrefix.set(prefix, anchor.length);
    }
  }
  const hits = new Map<string, AnchorHit>();
  for (const [anchor, rules] of byAnchor) {
    let resumeBack = 0;
    for (let k = anchor.length - 1; k >= 1 && resumeBack === 0; k--) {
      if ((longestWithPrefix.get(anchor.slice(anchor.length - k)) ?? 0) > k) resumeBack = k;
    }
    hits.set(anchor, { rules, resumeBack });
  }
  return hits;
}

/** For each anchor, the rules to try when it is found: those having it or any anchor it contains. */
export function rulesByAnchor(ruleAnchors: readonly (readonly string[])[]): Map<string, number[]> {
  /** Each distinct anchor -> the rules having it, in order. */
  const having = new Map<string, number[]>();
  ruleAnchors.forEach((anchors, i) => {
    for (const a of anchors) {
      let rules = having.get(a);
      if (rules === undefined) having.set(a, (rules = []));
      if (rules.at(-1) !== i) rules.push(i);
    }
  });
  const all = [...having.keys()];
  // An anchor inside another starts at one of its positions with the same first `gram` characters (the shortest
  // anchor's length): one Map lookup per position of each anchor instead of an includes() per pair of anchors (188
  // anchors: 35k includes, run cold at every start, ~5 ms).
  const gram = Math.min(...all.map((a) => a.length));
  const byGram = new Map<string, string[]>();
  for (const a of all) {
    const head = a.slice(0, gram);
    let starting = byGram.get(head);
    if (starting === undefined) byGram.set(head, (starting = []));
    starting.push(a);
  }
  const map = new Map<string, number[]>();
  for (const anchor of all) {
    // The rules of every anchor it contains (itself included), in rule order, each once.
    const marks = new Uint8Array(ruleAnchors.length);
    for (let at = 0; at + gram <= anchor.length; at++) {
      for (const a of byGram.get(anchor.slice(at, at + gram)) ?? []) {
        if (anchor.startsWith(a, at)) for (const i of having.get(a) ?? []) marks[i] = 1;
      }
    }
    const rules: number[] = [];
    marks.forEach((m, i) => m === 1 && rules.push(i));
    map.set(anchor, rules);
  }
  return map;
}
