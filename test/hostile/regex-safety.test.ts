// Regex safety on hostile lines, proven without timing anything in assertions. (a) Known evil patterns in a
// rule file are refused at load with their position, or, when accepted, are run to the right answer by V8's
// linear-time engine once backtracking gives up (counted from V8's own trace), in a child process that a
// hard timeout would kill if anything hung. The same lines on the backtracking engine alone need over 10^6
// backtracks at 40 characters where 8 characters need under 10^4. (b) The worst lines crafted from every
// bundled rule, 64 KiB each, all finish, bounded, without needing the fallback. Costs in µs are reported
// in docs/hardening.md, never asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { compileRulesDir, loadRules } from '../../src/rules/load-rules.js';
import { MAX_MATCHES_PER_LINE } from '../../src/transforms/extract/extract-matches.js';
import { compileSafeRegex, LINEAR_ONLY_ABOVE_CHARS, pickRegex } from '../../src/regex/safe-regex.js';
import { EVIL_PATTERNS, evilRuleFile } from './evil-patterns.js';
import type { EvilPattern } from './evil-patterns.js';
import { craftedLines } from './support/crafted-lines.js';
import { GUARD_MS, GUARD_MS_PER_LINE, LINE_LIMIT_MS, timeLines } from './support/run-line-timer.js';
import type { LineTimerRun, TimedLine } from './support/run-line-timer.js';

const LINE_CAP = 64 * 1024;
const refused = EVIL_PATTERNS.filter((p) => p.refused !== undefined);
const exponential = EVIL_PATTERNS.filter((p) => p.refused === undefined && p.kind === 'exponential');
const polynomial = EVIL_PATTERNS.filter((p) => p.refused === undefined && p.kind === 'polynomial');
const report = (run: LineTimerRun): void => {
  if (process.env.HOSTILE_REPORT !== '1') return;
  for (const l of run.lines) console.info(`${l.group} ${l.line}: ${l.length} chars, ${l.micros} µs, ${l.fallbacks} fallback(s)`);
};

describe('evil patterns in a rule file', () => {
  it('are refused at load, each at the line and column of the construct the linear engine cannot run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evil-rules-'));
    const file = join(dir, 'evil.yaml');
    const text = evilRuleFile(EVIL_PATTERNS);
    writeFileSync(file, text);
    const lines = text.split('\n');
    const expected = refused.map((p) => {
      const line = lines.findIndex((l) => l.includes(`'${p.pattern}'`));
      const col = lines[line].indexOf("'") + 2 + p.pattern.indexOf(p.refused?.at ?? '');
      return `${line + 1}:${col} ${p.refused?.message}`;
    });
    const { ruleSet, errors } = compileRulesDir(dir);
    expect(ruleSet).toBeUndefined();
    expect(errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual(expected.map((e) => expect.stringMatching(new RegExp(`^${escape(e)}`))));
    expect(errors.every((e) => e.file === file)).toBe(true);
  });

  it('are accepted otherwise, every one compiled so V8 can hand it to its linear-time engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evil-accepted-'));
    writeFileSync(join(dir, 'evil.yaml'), evilRuleFile([...exponential, ...polynomial]));
    const { ruleSet, errors } = compileRulesDir(dir);
    expect(errors).toEqual([]);
    expect(ruleSet?.rules.map((r) => r.id)).toEqual([...exponential, ...polynomial].map((p) => `evil-${p.id}`));
  });
});

describe('accepted evil patterns on hostile lines (child process, hard timeout)', () => {
  let run: LineTimerRun;
  const result = (p: EvilPattern, size: string): TimedLine | undefined => run.lines.find((l) => l.group === p.id && l.line === size);
  const codes = (p: EvilPattern): string[] => (p.match === undefined ? [] : [`aclnn/${p.match}`]);

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'evil-lines-'));
    const groups = [...exponential, ...polynomial].map((p) => {
      const file = join(dir, `${p.id}.yaml`);
      writeFileSync(file, evilRuleFile([p]));
      const sizes = p.kind === 'exponential' ? [8, 40, 4096] : [4096, 60_000];
      return { name: p.id, ruleFiles: [file], lines: sizes.map((n) => ({ name: `n${n}`, text: p.line(n) })) };
    });
    run = timeLines({ catalogDir: DEFAULT_CATALOG_DIR, repeats: 1, groups });
    report(run);
  }, GUARD_MS + 10_000);

  it(`all finish before the ${GUARD_MS / 1000} s guard would kill them`, () => {
    expect({ status: run.status, signal: run.signal, unfinished: run.unfinished, stderr: run.stderr }).toEqual({ status: 0, signal: null, unfinished: undefined, stderr: '' });
  });

  it.each(exponential.map((p) => [p.id, p] as const))('%s: right answer at every size; at 40 characters V8 gives up backtracking and its linear engine finishes; ', (_id, p) => {
    expect(['n8', 'n40', 'n4096'].map((n) => [n, result(p, n)?.codes, result(p, n)?.fallbacks])).toEqual([
      ['n8', codes(p), 0],
      ['n40', codes(p), 1],
      ['n4096', codes(p), 1],
    ]);
  });

  // V8 counts backtracks, not the steps of a greedy or lazy loop, so a pattern whose cost is loop steps from
  // every start position is quadratic and its fallback comes late or never (1.7-5.2 s on a 64 KiB line). Lines
  // over LINEAR_ONLY_ABOVE_CHARS therefore run on the linear-only twin, where every pattern is linear: no
  // search there is a fallback, and the 60 KB line finishes with the right answer.
  it.each(polynomial.map((p) => [p.id, p] as const))('%s: right answer on a 4 KiB line (fast engine) and a 60 KB line (linear-only twin)', (_id, p) => {
    const fallbacksAt4k: Record<string, number> = { 'dot-star-counted': 1, 'cloudflare-2019': 1 };
    expect(['n4096', 'n60000'].map((n) => [n, result(p, n)?.codes, result(p, n)?.fallbacks])).toEqual([
      ['n4096', codes(p), fallbacksAt4k[p.id] ?? 0],
      ['n60000', codes(p), 0],
    ]);
  });

  it('picks the linear-only twin exactly for lines longer than LINEAR_ONLY_ABOVE_CHARS', () => {
    const compiled = compileSafeRegex('(?<code>\\w+)!', 'g');
    if (!compiled.ok) throw new Error('pattern refused');
    const guarded = { fast: compiled.regex, linear: compiled.linear };
    expect([
      pickRegex(guarded, 'a'.repeat(LINEAR_ONLY_ABOVE_CHARS)).flags,
      pickRegex(guarded, 'a'.repeat(LINEAR_ONLY_ABOVE_CHARS + 1)).flags,
    ]).toEqual(['g', 'gl']);
  });

  it('on the backtracking engine alone, 5x the line costs over 100x the backtracks (exec gives up on its budget)', () => {
    const withMatch = exponential.filter((p) => p.match !== undefined);
    const runs = withMatch.flatMap((p) => [
      { source: p.pattern, text: p.line(8), budget: 1e4 },
      { source: p.pattern, text: p.line(40), budget: 1e6 },
    ]);
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', join(import.meta.dirname, 'support', 'backtrack-budget.mjs'), JSON.stringify(runs)], {
      encoding: 'utf8',
      timeout: GUARD_MS,
      killSignal: 'SIGKILL',
    });
    expect(r.status).toBe(0);
    // Under 10^4 backtracks: the match; over 10^6: null, although the line has the same match at its end.
    expect(JSON.parse(r.stdout)).toEqual(withMatch.flatMap((p) => [p.match, null]));
  });
});

/** Room for the rule files to grow (2,521 crafted lines on 2026-12-06): the hook's timeout is counted from it. */
const MAX_CRAFTED_LINES = 6_000;

describe('the worst crafted 64 KiB lines against every bundled rule (child process, hard timeout)', () => {
  let run: LineTimerRun;
  let lineCount = 0;

  beforeAll(() => {
    const rules = loadRules(DEFAULT_RULES_DIR);
    const testLines = rules.files.flatMap((f) => f.tests.map((t) => t.text));
    const lines = craftedLines(rules, testLines, LINE_CAP);
    lineCount = lines.length;
    const ruleFiles = readdirSync(DEFAULT_RULES_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(DEFAULT_RULES_DIR, f));
    run = timeLines({ catalogDir: DEFAULT_CATALOG_DIR, repeats: 1, groups: [{ name: 'bundled', ruleFiles, lines }] });
    report(run);
    // The child's guard grows with the lines (run-line-timer.ts); this hook's own timeout is set before they exist.
  }, MAX_CRAFTED_LINES * GUARD_MS_PER_LINE + 10_000);

  it('all finish before the guard, each with at most 32 events, none needing the linear-engine fallback', () => {
    expect({ status: run.status, signal: run.signal, unfinished: run.unfinished }).toEqual({ status: 0, signal: null, unfinished: undefined });
    expect(lineCount).toBeGreaterThan(500);
    expect(run.lines.length).toBe(lineCount);
    expect(run.lines.filter((l) => l.length < LINE_CAP - 16).map((l) => l.line)).toEqual([]);
    expect(run.lines.filter((l) => l.codes.length > MAX_MATCHES_PER_LINE).map((l) => l.line)).toEqual([]);
    expect(run.lines.filter((l) => l.fallbacks > 0).map((l) => `${l.line}: ${l.fallbacks}`)).toEqual([]);
    expect(run.lines.filter((l) => l.micros > LINE_LIMIT_MS * 1000).map((l) => `${l.line}: ${l.micros} us`)).toEqual([]);
    expect(lineCount).toBeLessThanOrEqual(MAX_CRAFTED_LINES);
  });

  it('include the bundled rules own test lines, flooded, and find their codes', () => {
    expect(run.lines.find((l) => l.line === 'all-tests')?.codes.length).toBeGreaterThan(10);
    expect(readFileSync(join(DEFAULT_RULES_DIR, 'aclnn.yaml'), 'utf8')).toContain('aclnn-code-near-status');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
