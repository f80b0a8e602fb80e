// Runs the inline test cases of every rule file through the real per-line transform, with the whole rule
// set and catalog loaded, so a test also catches another rule firing on its line. Used by `check` and tests.
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../transforms/line-to-events.js';
import type { CapturedLabels, CodeEvent } from '../types.js';
import type { ExpectedEvent, RuleTestCase } from './rule-types.js';

/** The clock inline tests run with: month-day timestamps (hilog, vLLM) get the year 2026. */
export const RULE_TEST_NOW = new Date(2026, 11, 31, 12, 0, 0).getTime();

export interface RuleTestFailure {
  readonly test: RuleTestCase;
  readonly problems: readonly string[];
}

export interface RuleFileResult {
  readonly file: string;
  readonly passed: number;
  readonly failures: readonly RuleTestFailure[];
  /** Tests that found what they expect but whose catalog-given fields differ, where the caller made those notes. */
  readonly notes: readonly RuleTestFailure[];
}

export interface RuleTestOptions {
  /**
   * For which rule files a difference in what the catalog gives (class, class basis, name, level) is a note, not
   * a failure: the bundled rules' tests pin the bundled catalogs, and a deployment's catalogs (an imported
   * faultCode.json) may rightly classify a code otherwise. What the rules find (codes, labels, times) still fails.
   */
  readonly catalogFieldsAreNotes?: (ruleFile: string) => boolean;
}

export function runRuleTests(knowledge: Knowledge, opts: RuleTestOptions = {}): RuleFileResult[] {
  return knowledge.rules.files.map((f) => {
    const failures: RuleTestFailure[] = [];
    const notes: RuleTestFailure[] = [];
    const catalogNotes = opts.catalogFieldsAreNotes?.(f.file) ?? false;
    for (const test of f.tests) {
      const { problems, catalog } = checkRuleTest(test, knowledge);
      if (problems.length > 0 || (catalog.length > 0 && !catalogNotes)) failures.push({ test, problems: [...problems, ...catalog] });
      else if (catalog.length > 0) notes.push({ test, problems: catalog });
    }
    return { file: f.file, passed: f.tests.length - failures.length, failures, notes };
  });
}

/**
 * What is wrong with the events `test.text` yields: `problems` in what the rules find (codes, labels, times),
 * `catalog` in what the catalog gives them (class, class basis, name, level). Both empty when the test passes.
 */
export function checkRuleTest(test: RuleTestCase, knowledge: Knowledge): { problems: string[]; catalog: string[] } {
  const line = { source: 'check', path: test.file, lineNo: test.position.line, text: test.text };
  const actual = lineToEvents(line, knowledge, new UnknownCodes(), () => RULE_TEST_NOW);
  const problems: string[] = [];
  const catalog: string[] = [];
  const unmatched = [...actual];
  for (const want of test.expected) {
    const i = unmatched.findIndex((e) => e.family === want.family && e.code === want.code);
    if (i < 0) {
      problems.push(`expected ${want.family} ${want.code} (${want.class}), not found`);
      continue;
    }
    const got = unmatched.splice(i, 1)[0] as CodeEvent;
    problems.push(...foundDifferences(want, got));
    catalog.push(...catalogDifferences(want, got));
  }
  for (const extra of unmatched) {
    problems.push(`unexpected event ${extra.family} ${extra.code} (${extra.class}) from rule ${extra.rule}`);
  }
  if (test.ruleId !== undefined && test.expected.length > 0 && problems.length === 0 && !actual.some((e) => e.rule === test.ruleId)) {
    problems.push(`the events came from ${[...new Set(actual.map((e) => e.rule))].join(', ')}, not from rule ${test.ruleId} the test is written under`);
  }
  return { problems, catalog };
}

/** Differences in what the catalog gives an event. */
function catalogDifferences(want: ExpectedEvent, got: CodeEvent): string[] {
  const out: string[] = [];
  const what = `${got.family} ${got.code}`;
  if (got.class !== want.class) out.push(`${what}: class is ${got.class} (${got.classBasis}), expected ${want.class}`);
  if (want.name !== undefined && got.name !== want.name) out.push(`${what}: name is "${got.name}", expected "${want.name}"`);
  if (want.classBasis !== undefined && got.classBasis !== want.classBasis) out.push(`${what}: class basis is ${got.classBasis}, expected ${want.classBasis}`);
  if (want.level !== undefined && got.level !== want.level) out.push(`${what}: level is ${got.level ?? 'none'}, expected ${want.level}`);
  return out;
}

/** Differences in what the rules found on the line. */
function foundDifferences(want: ExpectedEvent, got: CodeEvent): string[] {
  const out: string[] = [];
  const what = `${got.family} ${got.code}`;
  if (want.labels !== undefined && !sameLabels(want.labels, got.labels)) {
    out.push(`${what}: labels are ${JSON.stringify(got.labels)}, expected ${JSON.stringify(want.labels)}`);
  }
  if (want.timestamp !== undefined) {
    const shown = got.timestamp === undefined ? 'none' : formatLocalTime(got.timestamp);
    if (shown !== want.timestamp) out.push(`${what}: timestamp is ${shown}, expected ${want.timestamp}`);
  }
  return out;
}

function sameLabels(a: Readonly<CapturedLabels>, b: Readonly<CapturedLabels>): boolean {
  const keys = (l: Readonly<CapturedLabels>): string[] => Object.keys(l).filter((k) => l[k as keyof CapturedLabels] !== undefined).sort();
  const ka = keys(a);
  return JSON.stringify(ka) === JSON.stringify(keys(b)) && ka.every((k) => a[k as keyof CapturedLabels] === b[k as keyof CapturedLabels]);
}

/** `2026-05-24 10:11:12.345` in local time. */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
