// Extract: finds every code the rules recognise in one line, with the labels captured around it.
// Lines without any anchor cost one prefilter regex test and allocate nothing; the rest are unwrapped
// once and each rule whose anchors are present runs its pattern, unless the very same line was just found
// to hold no code. Pure (the memory of such lines is a cache: the same line, the same answer); never throws.
import { pickRegex } from '../../regex/safe-regex.js';
import type { CompiledRule, CompiledRuleSet, RuleEvidence } from '../../rules/rule-types.js';
import type { CapturedLabels } from '../../types.js';
import { mapCode } from './map-code.js';
import { unwrapLine } from './unwrap-line.js';

export interface RuleMatch {
  readonly rule: CompiledRule;
  /** The captured `code` text as it appeared. */
  readonly raw: string;
  /** `raw` mapped to the catalog's spelling by the rule's `map`. */
  readonly spelling: string;
  readonly labels: Readonly<CapturedLabels>;
  /** The captured `ts` text, when the pattern has a `ts` group. */
  readonly timestampText?: string;
  /** The match counts only if the line carries the code's catalog name or message (decided at enrich, which has the catalog). */
  readonly needsCatalogText: boolean;
}

export interface Extraction {
  /** The unwrapped line the rules ran on. */
  readonly text: string;
  readonly matches: readonly RuleMatch[];
}

/** Bounds the work a hostile line full of codes can cause. */
export const MAX_MATCHES_PER_LINE = 32;
/**
 * Pattern searches one rule may run on one line, matches skipped as repeats or excluded included. Each search
 * is bounded (V8 falls back to its linear engine), but a pattern that looks to the end of the line for each of
 * thousands of short matches (`a.*b|a`) made a line quadratic: 3.9 s for 64 KiB of `a`, now linear.
 */
export const MAX_SEARCHES_PER_RULE = 64;
/** Captured label values longer than this are cut (they end up in samples and JSON, never unbounded). */
export const MAX_LABEL_LENGTH = 128;

const NO_LABELS: Readonly<CapturedLabels> = Object.freeze({});

/**
 * For each rule (by CompiledRuleSet.samePatternAs), the serial of the last line on which its pattern found nothing: a
 * rule sharing that pattern skips it on the same line (the speech SDK's two 5-digit rules, on a third of the bench
 * corpus's anchor lines). Serials instead of per-line flags: nothing to clear, nothing allocated per line.
 */
let patternMissedOn: Float64Array;
let lineSerial = 0;

const NO_MATCHES: readonly RuleMatch[] = Object.freeze([]);

/**
 * Lines with an anchor but no code repeat verbatim in real logs (a traceback's source lines, a status line printed
 * in a loop, a peer's error body): the last few are remembered with their extraction, for the rule set that found
 * it. On the bench corpus a third of the anchor lines are such repeats. Lines with a code are never remembered
 * (their events are made afresh each time), nor long lines; when full, the memory starts over.
 */
export const REMEMBERED_LINES = 256;
export const REMEMBERED_LINE_CHARS = 1024;
let remembered: Map<string, Extraction>;
let rememberedFor: CompiledRuleSet | undefined;

/**
 * Forgets the remembered lines, the rule set they were for and the patterns' misses: the state this module starts
 * in (set here, once), and the start-up snapshot's build calls it after its warm-up.
 */
export function forgetRememberedLines(): void {
  remembered = new Map();
  rememberedFor = undefined;
  patternMissedOn = new Float64Array(0);
}
forgetRememberedLines();

/**
 * Undefined when no anchor can be in the line (the common case); otherwise the unwrapped text and its matches.
 * `anchored`: the caller's byte search found one of the prefilter's literals in `rawText` (LogLine.anchored), so the
 * prefilter would pass: it is not tested again (scan's lines with an anchor: ~4% of a one-thread scan's time).
 */
export function extractMatches(rawText: string, rules: CompiledRuleSet, anchored = false): Extraction | undefined {
  if (!anchored && !rules.prefilter.test(rawText)) return undefined;
  if (rememberedFor !== rules) {
    remembered = new Map();
    rememberedFor = rules;
  }
  const known = remembered.get(rawText);
  if (known !== undefined) return known;
  const extraction = extractAnchorLine(rawText, rules);
  if (extraction.matches.length === 0 && rawText.length <= REMEMBERED_LINE_CHARS) {
    if (remembered.size >= REMEMBERED_LINES) remembered = new Map();
    remembered.set(rawText, extraction);
  }
  return extraction;
}

/** The extraction of a line that passed the prefilter. */
function extractAnchorLine(rawText: string, rules: CompiledRuleSet): Extraction {
  const text = unwrapLine(rawText);
  const candidates = candidateRules(text, rules);
  if (candidates === undefined) return { text, matches: NO_MATCHES };
  const matches: RuleMatch[] = [];
  if (patternMissedOn.length < candidates.length) patternMissedOn = new Float64Array(candidates.length);
  const serial = ++lineSerial;
  for (let r = 0; r < candidates.length; r++) {
    if (candidates[r] !== 1) continue;
    const samePattern = rules.samePatternAs[r] as number;
    if (patternMissedOn[samePattern] === serial) continue;
    const rule = rules.rules[r] as CompiledRule;
    const pattern = pickRegex(rule.pattern, text);
    pattern.lastIndex = 0;
    // The pattern first: a vocabulary rule's token (a code shape) is absent from most lines that carry its cue,
    // and the line conditions below read the whole line.
    let m: RegExpExecArray | null = pattern.exec(text);
    if (m === null) {
      patternMissedOn[samePattern] = serial;
      continue;
    }
    if (anyHolds(rule.lineExcludes, text, NO_LABELS)) continue;
    const context = rule.requireContext;
    // Context conditions on the line read all of it: decide them once per line, never once per match.
    const lineContext = context !== undefined && anyHolds(context.line, text, NO_LABELS);
    if (context !== undefined && !lineContext && context.match.length === 0) continue;
    /** The rule's `labels` patterns read the whole line: search them once per line, not per match. */
    let searched: Readonly<CapturedLabels> | undefined;
    /** Codes this rule already matched on the line: a repeat would only give a duplicate event. */
    let accepted: string[] | undefined;
    for (let searches = 1; m !== null; m = searches++ < MAX_SEARCHES_PER_RULE ? pattern.exec(text) : null) {
      if (m[0].length === 0) pattern.lastIndex += 1;
      const groups = m.groups;
      const raw = groups?.code;
      if (groups === undefined || raw === undefined || raw === '' || accepted?.includes(raw)) continue;
      // Evidence first: a vocabulary token (any 5-digit number for the speech SDK) is usually not a code, and the
      // window cue costs less than mapping, label searches and excludes.
      let needsCatalogText = rule.requireCatalogText;
      if (rule.evidence !== undefined) {
        const start = m.index + m[0].indexOf(raw);
        const seen = cueNear(rule.evidence, text, start, start + raw.length);
        if (!seen && !rule.evidence.catalogText) continue;
        needsCatalogText ||= !seen;
      }
      const spelling = mapCode(rule.map, raw);
      // One event per (line, family, code): a code an earlier rule of the family already found (the phrase rules
      // and the vocabulary rules often both do) costs no label search, no evidence check and no enrichment.
      if (foundBefore(matches, rule.family, spelling)) continue;
      searched ??= searchedLabels(rule, text);
      const labels = capturedLabels(groups, searched);
      if (anyHolds(rule.matchExcludes, text, labels)) continue;
      if (context !== undefined && !lineContext && !anyHolds(context.match, text, labels)) continue;
      const ts = groups.ts;
      // Every match has the same shape (needsCatalogText always set), so the enrich loop stays monomorphic.
      matches.push({ rule, raw, spelling, labels, timestampText: ts === '' ? undefined : ts, needsCatalogText });
      (accepted ??= []).push(raw);
      if (matches.length >= MAX_MATCHES_PER_LINE) return { text, matches };
    }
  }
  return { text, matches: matches.length === 0 ? NO_MATCHES : matches };
}

/** A match of `family` with this spelling that counts whatever the catalog says (one needing catalog text may not). */
function foundBefore(matches: readonly RuleMatch[], family: string, spelling: string): boolean {
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i] as RuleMatch;
    if (m.spelling === spelling && m.rule.family === family && !m.needsCatalogText && !m.rule.knownOnly) return true;
  }
  return false;
}

/** True when a `before` cue matches in the window before the code or an `after` cue in the window after it. */
function cueNear(evidence: RuleEvidence, text: string, start: number, end: number): boolean {
  for (const cue of evidence.before) if (cue.regex.test(text.slice(Math.max(0, start - cue.window), start))) return true;
  for (const cue of evidence.after) if (cue.regex.test(text.slice(end, end + cue.window))) return true;
  return false;
}

/**
 * Marks (1) every rule with an anchor in `text`; undefined when there is none. Finds overlapping anchors too: after
 * an anchor the scan resumes where another could begin that is not inside it (AnchorHit.resumeBack); the ones
 * inside it bring their rules with it.
 */
export function candidateRules(text: string, rules: CompiledRuleSet): Uint8Array | undefined {
  const scan = rules.anchorScan;
  scan.lastIndex = 0;
  let marks: Uint8Array | undefined;
  let m: RegExpExecArray | null;
  while ((m = scan.exec(text)) !== null) {
    const hit = rules.anchorHits.get(m[0]);
    if (hit === undefined) {
      scan.lastIndex = m.index + 1;
      continue;
    }
    marks ??= new Uint8Array(rules.rules.length);
    const indexes = hit.rules;
    for (let i = 0; i < indexes.length; i++) marks[indexes[i] as number] = 1;
    scan.lastIndex = m.index + m[0].length - hit.resumeBack;
  }
  return marks;
}

function anyHolds(conditions: CompiledRule['lineExcludes'], text: string, labels: Readonly<CapturedLabels>): boolean {
  for (let i = 0; i < conditions.length; i++) if ((conditions[i] as CompiledRule['lineExcludes'][number])(text, labels)) return true;
  return false;
}

/** The pattern's own label groups, falling back to the labels the rule's `labels` patterns found in the line. */
function capturedLabels(groups: Record<string, string | undefined>, searched: Readonly<CapturedLabels>): Readonly<CapturedLabels> {
  const { api, device, pid, request_id } = groups;
  if (!api && !device && !pid && !request_id) return searched;
  const labels: CapturedLabels = { ...searched };
  if (api) labels.api = capLabel(api);
  if (device) labels.device = capLabel(device);
  if (pid) labels.pid = capLabel(pid);
  if (request_id) labels.request_id = capLabel(request_id);
  return labels;
}

/** Labels from the rule's `labels` patterns, each the first pattern that matches anywhere in the line. */
function searchedLabels(rule: CompiledRule, text: string): Readonly<CapturedLabels> {
  let labels: CapturedLabels | undefined;
  for (const lp of rule.labelPatterns) {
    for (const regex of lp.regexes) {
      const value = pickRegex(regex, text).exec(text)?.groups?.[lp.label];
      if (value !== undefined && value !== '') {
        (labels ??= {})[lp.label] = capLabel(value);
        break;
      }
    }
  }
  return labels ?? NO_LABELS;
}

function capLabel(value: string): string {
  return value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;
}
