import { describe, expect, it } from 'vitest';
import { lintRegex } from '../../src/regex/lint-regex.js';
import { escapeRegex } from '../../src/rules/anchor-prefilter.js';
import { boundedPerPosition, compileSafeRegex } from '../../src/regex/safe-regex.js';

describe('lintRegex', () => {
  it.each([
    ['(?<code>\\d+) (?<api>\\w+)', [], ['code@0', 'api@13']],
    ['[(?=]x\\[(?<code>a)', [], ['code@8']],
    ['a(?=b)', ['1: lookahead'], []],
    ['a(?!b)', ['1: lookahead'], []],
    ['(?<=a)b', ['0: lookbehind'], []],
    ['(?<!a)b', ['0: lookbehind'], []],
    ['(a)\\1', ['3: backreference'], []],
    ['(?<code>a)\\k<code>', ['10: named backreference'], ['code@0']],
    ['(?i:a)', ['0: group "(?i" is not supported'], []],
    ['a{17}', ['1: repetition {17} is above 16'], []],
    ['a{2,}', [], []],
    ['a{20,}', ['1: repetition {20,} is above 16'], []],
    ['a{3,2}', ['1: repetition {3,2} has its bounds in the wrong order'], []],
    ['*a', ['0: nothing to repeat'], []],
    ['a**', ['2: nothing to repeat'], []],
    ['(a', ['0: group "(" is never closed'], []],
    ['a)', ['1: unmatched ")"'], []],
    ['(?<x>a)(?<x>b)', ['7: group name "x" is used twice'], ['x@0', 'x@7']],
    ['[a', ['0: character class "[" is never closed'], []],
    ['a\\', ['1: a pattern cannot end with a lone backslash'], []],
    ['a{,5}', [], []],
  ])('%s', (source, problems, groups) => {
    const lint = lintRegex(source);
    // Each expected problem is "offset: the start of its message".
    expect(lint.problems.map((p) => `${p.offset}: ${p.message}`)).toEqual(problems.map((p) => expect.stringMatching(new RegExp(`^${escapeRegex(p)}`))));
    expect(lint.groups.map((g) => `${g.name}@${g.offset}`)).toEqual(groups);
  });
});

describe('compileSafeRegex', () => {
  it('compiles a linear-safe pattern for the backtracking engine with the given flags', () => {
    const result = compileSafeRegex('error code is (?<code>\\d+)', 'g');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.regex.flags).toBe('g');
    expect(result.groups.map((g) => g.name)).toEqual(['code']);
  });

  it('refuses what the linear engine cannot run even when the lint passes', () => {
    const result = compileSafeRegex('(?:a{4}){5}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ offset: 4, message: expect.stringContaining('Cannot be executed in linear time') }]);
  });

  it('reports V8 syntax errors the lint does not know', () => {
    expect(compileSafeRegex('x[b-a]')).toEqual({
      ok: false,
      problems: [{ offset: 0, message: 'invalid regular expression: Range out of order in character class' }],
      groups: [],
    });
  });

  it('refuses flags other than g and y (programmer misuse)', () => {
    expect(() => compileSafeRegex('a', 'i')).toThrow(/flags "i" are not allowed/);
  });

  it('ends catastrophic backtracking: ^(a+)+$ on 40 a and a b completes (the linear fallback is on)', () => {
    // Without the fallback this exec would take 2^40 steps (hours); the test timeout would fail it.
    const result = compileSafeRegex('^(?<code>(a+)+)$');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.regex.exec(`${'a'.repeat(40)}b`)).toBeNull();
    expect(result.regex.exec('a'.repeat(40))?.groups?.code).toBe('a'.repeat(40));
  });
});

describe('boundedPerPosition: patterns that keep the fast engine on long lines', () => {
  it.each([
    ['\\b(?<code>[135]61\\d\\d\\d)\\b', true],
    ['\\b(?<code>LLM_[A-Z][A-Z0-9_]{0,40}[A-Z0-9])\\b', true],
    ['^\\s*(?:raise|return)\\b', true],
    ['^\\s?\\[(?:ERROR|WARN)\\] ?[\\w-]+\\((?<pid>\\d+),', true],
    ['[*+]{0,3}x', true],
    ['\\w+!', false],
    ['a.*b|a', false],
    ['^a+|b+', false],
    ['(?:ab){0,3}', false],
    ['(?:a|a)?b', false],
    ['x\\d{2,}', false],
  ])('%s -> %s', (source, expected) => {
    expect(boundedPerPosition(source)).toBe(expected);
  });

  it('lets a bounded pattern use counts above 16, and gives it no linear twin', () => {
    const compiled = compileSafeRegex('\\b(?<code>LLM_[A-Z0-9_]{0,40})\\b', 'g');
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(compiled.linear).toBe(compiled.regex);
    expect(compileSafeRegex('\\w+[A-Z]{0,40}').ok).toBe(false);
  });
});
