// Extract: finds every code the rules recognise in one line, with the labels captured around it.
// Lines without any anchor cost one prefilter regex test and allocate nothing; the rest are unwrapped
// once and each rule whose anchors are present runs its pattern. Pure; never throws on any input.
import type { CompiledRule, CompiledRuleSet } from '../../rules/rule-types.js';
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
}

export interface Extraction {
  /** The unwrapped line the rules ran on. */
  readonly text: string;
  readonly matches: readonly RuleMatch[];
}

/** Bounds the work a hostile line full of codes can cause. */
export const MAX_MATCHES_PER_LINE = 32;
/** Captured label values longer than this are cut (they end up in samples and JSON, never unbounded). */
export const MAX_LABEL_LENGTH = 128;

const NO_LABELS: Readonly<CapturedLabels> = Object.freeze({});

/** Undefined when no anchor can be in the line (the common case); otherwise the unwrapped text and its matches. */
export function extractMatches(rawText: string, rules: CompiledRuleSet): Extraction | undefined {
  if (!rules.prefilter.test(rawText)) return undefined;
  const text = unwrapLine(rawText);
  const matches: RuleMatch[] = [];
  for (const rule of rules.rules) {
    if (!hasAnchor(text, rule.anchors)) continue;
    if (anyHolds(rule.lineExcludes, text, NO_LABELS)) continue;
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) pattern.lastIndex += 1;
      const groups = m.groups;
      const raw = groups?.code;
      if (groups === undefined || raw === undefined || raw === '') continue;
      const labels = capturedLabels(groups, rule, text);
      if (anyHolds(rule.matchExcludes, text, labels)) continue;
      if (rule.requireContext !== undefined && !anyHolds(rule.requireContext, text, labels)) continue;
      const ts = groups.ts;
      matches.push({ rule, raw, spelling: mapCode(rule.map, raw), labels, ...(ts !== undefined && ts !== '' && { timestampText: ts }) });
      if (matches.length >= MAX_MATCHES_PER_LINE) return { text, matches };
    }
  }
  return { text, matches };
}

function hasAnchor(text: string, anchors: readonly string[]): boolean {
  for (let i = 0; i < anchors.length; i++) if (text.includes(anchors[i] as string)) return true;
  return false;
}

function anyHolds(conditions: CompiledRule['lineExcludes'], text: string, labels: Readonly<CapturedLabels>): boolean {
  for (let i = 0; i < conditions.length; i++) if ((conditions[i] as CompiledRule['lineExcludes'][number])(text, labels)) return true;
  return false;
}

function capturedLabels(groups: Record<string, string | undefined>, rule: CompiledRule, text: string): Readonly<CapturedLabels> {
  let labels: CapturedLabels | undefined;
  const set = (name: keyof CapturedLabels, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    (labels ??= {})[name] = value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;
  };
  set('api', groups.api);
  set('device', groups.device);
  set('pid', groups.pid);
  set('request_id', groups.request_id);
  for (const lp of rule.labelPatterns) {
    if (labels?.[lp.label] !== undefined) continue;
    for (const regex of lp.regexes) {
      const value = regex.exec(text)?.groups?.[lp.label];
      if (value !== undefined && value !== '') {
        set(lp.label, value);
        break;
      }
    }
  }
  return labels ?? NO_LABELS;
}
