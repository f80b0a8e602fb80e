// Compiled rules: everything a rule file says, turned at load into regexes, predicates and lookup tables,
// so the hot path only runs them. Frozen after compilation; a reload builds a new set.
import type { GuardedRegex } from '../regex/safe-regex.js';
import type { CapturedLabels, EventClass } from '../types.js';
import type { AnchorHit } from './anchor-prefilter.js';
import type { LiteralSearch } from './literal-search.js';
import type { LabelName, MapKind, TimestampFormat } from './rule-schema.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** A compiled exclude/require_context condition on the (unwrapped) line and the labels captured so far. */
export type Condition = (text: string, labels: Readonly<CapturedLabels>) => boolean;

export interface LabelPattern {
  readonly label: LabelName;
  /** Tried in order on the line when the rule's pattern did not capture the label; the first match wins. */
  readonly regexes: readonly GuardedRegex[];
}

export interface CompiledRule {
  readonly id: string;
  readonly family: string;
  readonly file: string;
  readonly position: Position;
  /** Literal substrings; the pattern runs only on lines containing at least one. */
  readonly anchors: readonly string[];
  /** Global (`g`) regex with a `code` group; safe: see regex/safe-regex.ts (pickRegex by line length). */
  readonly pattern: GuardedRegex;
  readonly map: MapKind;
  readonly labelPatterns: readonly LabelPattern[];
  /** Excludes that only read the line, checked before the pattern runs. */
  readonly lineExcludes: readonly Condition[];
  /** Excludes that read captured labels, checked per match. */
  readonly matchExcludes: readonly Condition[];
  /**
   * require_context, split like the excludes: any one condition must hold for a match to count. Line conditions
   * are decided once per line (per match, a 64 KiB line of thousands of matches cost 50-120 ms), label conditions
   * per match. Undefined when the rule has no require_context.
   */
  readonly requireContext: { readonly line: readonly Condition[]; readonly match: readonly Condition[] } | undefined;
  /**
   * Evidence that a match is this family's code: any one item suffices. Undefined when every match counts. The
   * window regexes read a slice of at most MAX_EVIDENCE_WINDOW characters beside the code, so they cost little.
   */
  readonly evidence: RuleEvidence | undefined;
  /** Only codes the catalog knows (exact or range member) count; others are not this family's. */
  readonly knownOnly: boolean;
  /** Besides any evidence, the line must carry the code's catalog name or message (checked at enrich time). */
  readonly requireCatalogText: boolean;
  readonly timestampFormats: readonly TimestampFormat[];
}

export interface WindowCue {
  readonly regex: RegExp;
  readonly window: number;
}

export interface RuleEvidence {
  readonly before: readonly WindowCue[];
  readonly after: readonly WindowCue[];
  /** The code's own catalog name or message elsewhere on the line is evidence (checked at enrich time). */
  readonly catalogText: boolean;
}

/** What an inline test expects one event to look like; absent fields are not checked. */
export interface ExpectedEvent {
  readonly family: string;
  readonly code: string;
  readonly class: EventClass;
  readonly name?: string;
  readonly classBasis?: string;
  /** npu-fault: the MindCluster level the catalog gives the code. */
  readonly level?: string;
  readonly labels?: Readonly<CapturedLabels>;
  /** Local time as `2026-05-24 10:11:12.123`. */
  readonly timestamp?: string;
}

export interface RuleTestCase {
  readonly file: string;
  readonly position: Position;
  /** The rule the test is written under; undefined for file-level tests. */
  readonly ruleId?: string;
  readonly description?: string;
  readonly text: string;
  /** Every event the line must yield, in any order; empty for `none: true`. */
  readonly expected: readonly ExpectedEvent[];
}

export interface CompiledRuleFile {
  readonly file: string;
  readonly family: string;
  readonly familyPosition: Position;
  readonly rules: readonly CompiledRule[];
  readonly tests: readonly RuleTestCase[];
  /** Short content hash of the file. */
  readonly version: string;
}

export interface CompiledRuleSet {
  readonly files: readonly CompiledRuleFile[];
  /** Every rule, in file-name then file order; earlier rules win when two find the same code on a line. */
  readonly rules: readonly CompiledRule[];
  /**
   * One alternation of every anchor's raw forms, run on the raw line before any unwrapping: a line it
   * does not match cannot yield an event (see rules/anchor-prefilter.ts).
   */
  readonly prefilter: RegExp;
  /**
   * The prefilter over bytes: the same forms, UTF-8 encoded, searched in a whole chunk of undecoded input (see
   * sources/files/offset-line-splitter.ts): a valid UTF-8 line holding none of them is exactly a line the prefilter
   * rejects, so it need not be decoded at all.
   */
  readonly bytePrefilter: LiteralSearch;
  /**
   * Global alternation of the exact anchors, longest first, run on the unwrapped line to find which rules
   * to try (one scan instead of an includes() per anchor per rule).
   */
  readonly anchorScan: RegExp;
  /** For each anchor: the rules with an anchor contained in it (so also present), and where the scan resumes. */
  readonly anchorHits: ReadonlyMap<string, AnchorHit>;
  /**
   * For each rule, the index of the first rule with the very same pattern (itself if none before it): on one line a
   * pattern that found nothing for one rule finds nothing for the others, so it is not run again.
   */
  readonly samePatternAs: readonly number[];
  /** Short hash over the files' versions. */
  readonly version: string;
}
