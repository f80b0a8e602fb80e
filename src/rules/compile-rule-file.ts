// Turns one validated rule file into compiled rules and test cases, collecting every problem (bad regex,
// missing code group, weak anchor) with the file:line:col of the offending character. Never throws.
import type { LoadError } from '../load/load-error.js';
import { compileSafeRegex, pickRegex } from '../regex/safe-regex.js';
import type { GuardedRegex } from '../regex/safe-regex.js';
import type { CapturedLabels } from '../types.js';
import { anchorProblem } from './anchor-prefilter.js';
import { positionInScalar } from './pattern-position.js';
import { DEFAULT_EVIDENCE_WINDOW, LABEL_NAMES, TIMESTAMP_FORMATS } from './rule-schema.js';
import type { ConditionData, LabelName, RuleData, RuleFileData, RuleTestData } from './rule-schema.js';
import type { CompiledRule, CompiledRuleFile, Condition, ExpectedEvent, LabelPattern, Position, RuleEvidence, RuleTestCase, WindowCue } from './rule-types.js';

type Path = readonly (string | number)[];

export interface RuleFileSource {
  readonly file: string;
  readonly text: string;
  /** A file that failed the schema arrives with its valid rules only (others undefined), so their problems show too. */
  readonly data: Omit<RuleFileData, 'rules'> & { readonly rules: readonly (RuleData | undefined)[] };
  readonly positionOf: (path: Path) => Position;
  readonly version: string;
  /**
   * Context a deployment adds for this family (run config `context:`, scan `--context`): each literal, found on a
   * line, satisfies the require_context of every rule of the family that has one.
   */
  readonly extraContext?: readonly string[];
}

const PATTERN_GROUPS = new Set<string>(['code', 'ts', ...LABEL_NAMES]);

export function compileRuleFile(src: RuleFileSource): { compiled?: CompiledRuleFile; errors: LoadError[] } {
  const errors: LoadError[] = [];
  const lines = src.text.split('\n');
  const fail = (path: Path, message: string, offset?: number): void => {
    const start = src.positionOf(path);
    const at = offset === undefined ? start : positionInScalar(lines, start, offset);
    errors.push({ file: src.file, line: at.line, col: at.col, message });
  };
  /** Compiles a regex from the file or records its problems; undefined when it failed. */
  const regexAt = (path: Path, source: string, flags: string, what: string): { regex: GuardedRegex; groups: readonly string[] } | undefined => {
    const compiled = compileSafeRegex(source, flags);
    const problems = compiled.ok ? [] : [...compiled.problems];
    for (const g of compiled.groups) {
      if (what === 'pattern' && !PATTERN_GROUPS.has(g.name)) {
        problems.push({ offset: g.offset, message: `unknown group name "${g.name}"; use code, ts or a label (${LABEL_NAMES.join(', ')})` });
      }
    }
    for (const p of problems.sort((a, b) => a.offset - b.offset)) fail(path, `${what}: ${p.message}`, p.offset);
    if (!compiled.ok || problems.length > 0) return undefined;
    return { regex: { fast: compiled.regex, linear: compiled.linear }, groups: compiled.groups.map((g) => g.name) };
  };

  const family = src.data.family;
  const rules: CompiledRule[] = [];
  const tests: RuleTestCase[] = [];
  src.data.rules.forEach((rule, r) => {
    if (rule === undefined) return;
    const base = ['rules', r] as const;
    const before = errors.length;
    rule.anchors.forEach((anchor, a) => {
      const problem = anchorProblem(anchor);
      if (problem !== undefined) fail([...base, 'anchors', a], problem);
    });
    const pattern = regexAt([...base, 'pattern'], rule.pattern, 'g', 'pattern');
    if (pattern !== undefined && !pattern.groups.includes('code')) {
      fail([...base, 'pattern'], 'pattern: has no (?<code>...) group; the code to look up must be captured as "code"');
    }
    const labelPatterns = compileLabelPatterns(rule, base, regexAt, fail);
    const exclude = rule.exclude.map((c, i) => compileCondition(c, [...base, 'exclude', i], regexAt));
    const require = rule.require_context?.map((c, i) => compileCondition(c, [...base, 'require_context', i], regexAt));
    for (const literal of require === undefined ? [] : (src.extraContext ?? [])) require?.push({ test: (text) => text.includes(literal), readsLabels: false });
    const evidence = compileEvidence(rule, base, regexAt);
    rule.tests.forEach((t, i) => tests.push(testCase(src, family, t, [...base, 'tests', i], rule.id)));
    if (errors.length > before || pattern === undefined) return;
    rules.push({
      id: rule.id,
      family,
      file: src.file,
      position: src.positionOf([...base, 'id']),
      anchors: [...rule.anchors],
      pattern: pattern.regex,
      map: rule.map,
      labelPatterns,
      lineExcludes: exclude.filter((c): c is CompiledCondition => c !== undefined && !c.readsLabels).map((c) => c.test),
      matchExcludes: exclude.filter((c): c is CompiledCondition => c !== undefined && c.readsLabels).map((c) => c.test),
      requireContext: require && {
        line: require.filter((c): c is CompiledCondition => c !== undefined && !c.readsLabels).map((c) => c.test),
        match: require.filter((c): c is CompiledCondition => c !== undefined && c.readsLabels).map((c) => c.test),
      },
      evidence,
      knownOnly: rule.known_only,
      requireCatalogText: rule.require_catalog_text,
      timestampFormats: rule.timestamp ?? DEFAULT_TIMESTAMP_FORMATS,
    });
  });
  src.data.tests.forEach((t, i) => tests.push(testCase(src, family, t, ['tests', i], undefined)));
  if (errors.length > 0) return { errors };
  return {
    compiled: {
      file: src.file,
      family,
      familyPosition: src.positionOf(['family']),
      rules,
      tests,
      version: src.version,
    },
    errors,
  };
}

/** Formats tried when a rule names none: every one, most specific first. */
const DEFAULT_TIMESTAMP_FORMATS = TIMESTAMP_FORMATS.filter((f) => f !== 'vllm');

interface CompiledCondition {
  readonly test: Condition;
  readonly readsLabels: boolean;
}

type RegexAt = (path: Path, source: string, flags: string, what: string) => { regex: GuardedRegex; groups: readonly string[] } | undefined;

function compileCondition(c: ConditionData, path: Path, regexAt: RegexAt): CompiledCondition | undefined {
  if (c.contains !== undefined) {
    const literal = c.contains;
    return { test: (text) => text.includes(literal), readsLabels: false };
  }
  const label = c.label;
  if (c.in !== undefined && label !== undefined) {
    const values = new Set(c.in);
    return { test: (_text, labels) => values.has(labels[label] ?? '\u0000'), readsLabels: true };
  }
  if (c.matches === undefined) return undefined;
  const compiled = regexAt([...path, 'matches'], c.matches, '', 'matches');
  if (compiled === undefined) return undefined;
  const regex = compiled.regex;
  if (label === undefined) return { test: (text) => pickRegex(regex, text).test(text), readsLabels: false };
  return {
    test: (_text, labels: Readonly<CapturedLabels>) => {
      const value = labels[label];
      return value !== undefined && pickRegex(regex, value).test(value);
    },
    readsLabels: true,
  };
}

function compileEvidence(rule: RuleData, base: Path, regexAt: RegexAt): RuleEvidence | undefined {
  if (rule.evidence === undefined) return undefined;
  const before: WindowCue[] = [];
  const after: WindowCue[] = [];
  let catalogText = false;
  rule.evidence.forEach((e, i) => {
    if (e.catalog_text === true) catalogText = true;
    const side = e.before !== undefined ? 'before' : e.after !== undefined ? 'after' : undefined;
    const source = e.before ?? e.after;
    if (side === undefined || source === undefined) return;
    const compiled = regexAt([...base, 'evidence', i, side], source, '', `evidence.${side}`);
    if (compiled === undefined) return;
    // The window slice is short (<= MAX_EVIDENCE_WINDOW), so the fast engine's worst case is bounded by it.
    (side === 'before' ? before : after).push({ regex: compiled.regex.fast, window: e.window ?? DEFAULT_EVIDENCE_WINDOW });
  });
  return { before, after, catalogText };
}

function compileLabelPatterns(
  rule: RuleData,
  base: Path,
  regexAt: RegexAt,
  fail: (path: Path, message: string, offset?: number) => void,
): LabelPattern[] {
  const out: LabelPattern[] = [];
  for (const label of LABEL_NAMES) {
    const sources = rule.labels?.[label];
    if (sources === undefined) continue;
    const list = typeof sources === 'string' ? [sources] : sources;
    const regexes: GuardedRegex[] = [];
    list.forEach((source, i) => {
      const path = typeof sources === 'string' ? [...base, 'labels', label] : [...base, 'labels', label, i];
      const compiled = regexAt(path, source, '', `labels.${label}`);
      if (compiled === undefined) return;
      if (compiled.groups.length !== 1 || compiled.groups[0] !== label) {
        fail(path, `labels.${label}: the pattern must capture exactly one group, named (?<${label}>...)`);
        return;
      }
      regexes.push(compiled.regex);
    });
    out.push({ label: label as LabelName, regexes });
  }
  return out;
}

function testCase(src: RuleFileSource, family: string, t: RuleTestData, path: Path, ruleId: string | undefined): RuleTestCase {
  const expected: ExpectedEvent[] = (t.events ?? []).map((e) => ({
    family: e.family ?? family,
    code: e.code,
    class: e.class,
    ...(e.name !== undefined && { name: e.name }),
    ...(e.class_basis !== undefined && { classBasis: e.class_basis }),
    ...(e.level !== undefined && { level: e.level }),
    ...(e.labels !== undefined && { labels: { ...e.labels } }),
    ...(e.timestamp !== undefined && { timestamp: e.timestamp }),
  }));
  return {
    file: src.file,
    position: src.positionOf([...path, 'line']),
    ...(ruleId !== undefined && { ruleId }),
    ...(t.description !== undefined && { description: t.description }),
    text: t.line,
    expected,
  };
}
