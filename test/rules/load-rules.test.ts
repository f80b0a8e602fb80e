import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLoadError, LoadErrors } from '../../src/load/load-error.js';
import { loadRuleFiles, loadRules } from '../../src/rules/load-rules.js';

/** Writes rule files into a fresh directory and returns the formatted errors of loading them, or []. */
function loadErrors(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    loadRules(dir);
    return [];
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return err.errors.map((e) => formatLoadError({ ...e, file: e.file.slice(dir.length + 1) }));
  }
}

const rule = (pattern: string, extra = ''): string =>
  ['family: aclnn', 'rules:', '  - id: r1', '    anchors: ["error code is"]', `    pattern: ${pattern}`, extra, '    tests:', '      - {line: "x", none: true}', ''].join('\n');

describe('loadRules errors, with the exact file:line:col', () => {
  it('points a bad regex at the offending character (single-quoted)', () => {
    // line 5: "    pattern: 'error code is (?<code>\d+'": the quote is col 14, the group opens at offset 14 -> col 29.
    expect(loadErrors({ 'a.yaml': rule("'error code is (?<code>\\d+'") })).toEqual(['a.yaml:5:29 pattern: group "(" is never closed']);
  });

  it('points at the character inside a double-quoted pattern with escapes', () => {
    // decoded "a\d(?<=x)(?<code>\d+)": the lookbehind is at offset 3; in the source `"a\\d(` it is col 14 + 5.
    expect(loadErrors({ 'a.yaml': rule('"a\\\\d(?<=x)(?<code>\\\\d+)"') })).toEqual([
      'a.yaml:5:19 pattern: lookbehind "(?<=" cannot run in linear time; use \\b or exclude/require_context',
    ]);
  });

  it('points at a plain scalar character', () => {
    // The \\w+ makes the pattern need the linear-time twin, which refuses counts above 16.
    expect(loadErrors({ 'a.yaml': rule('x\\w+(?<code>\\d{1,20})') })).toEqual([
      'a.yaml:5:28 pattern: repetition {1,20} is above 16, which the linear-time engine refuses; use + or *',
    ]);
  });

  it('refuses a pattern without a code group', () => {
    expect(loadErrors({ 'a.yaml': rule("'error code is (?<api>\\d+)'") })).toEqual([
      'a.yaml:5:14 pattern: has no (?<code>...) group; the code to look up must be captured as "code"',
    ]);
  });

  it('refuses unknown group names and backreferences at their positions', () => {
    expect(loadErrors({ 'a.yaml': rule("'(?<code>\\d+) (?<port>\\d+) \\1'") })).toEqual([
      'a.yaml:5:28 pattern: unknown group name "port"; use code, ts or a label (api, device, pid, request_id)',
      'a.yaml:5:41 pattern: backreference \\1 cannot run in linear time',
    ]);
  });

  it('reports an unknown field at its key', () => {
    expect(loadErrors({ 'a.yaml': rule("'(?<code>\\d+)'", '    anchor: ["typo"]') })).toEqual(['a.yaml:6:5 unknown field "anchor" (at rules.0)']);
  });

  it('reports a duplicate rule id in another file, naming the first', () => {
    const text = rule("'(?<code>\\d+)'");
    expect(loadErrors({ 'a.yaml': text, 'b.yaml': text })).toEqual([expect.stringMatching(/^b\.yaml:3:9 rule id "r1" is already used at .*a\.yaml:3:9$/)]);
  });

  it('refuses bad regexes in conditions and labels, weak anchors and missing anchors, all at once', () => {
    const text = [
      'family: aclnn',
      'rules:',
      '  - id: r1',
      '    anchors: ["ab", "error：code"]',
      "    pattern: '(?<code>\\d+)'",
      '    labels:',
      "      api: '(?<api>[a-z'",
      '    exclude:',
      "      - matches: 'x(?=y)'",
      '    tests:',
      '      - {line: "x", none: true}',
      '  - id: r2',
      '    anchors: []',
      "    pattern: '(?<code>\\d+)'",
      '    tests:',
      '      - {line: "x", events: [{code: "1", class: fatal}], none: true}',
      '',
    ].join('\n');
    expect(loadErrors({ 'a.yaml': text })).toEqual([
      'a.yaml:4:15 an anchor needs 3 or more characters in a row other than quotes, backslashes, :,[]()<>& and controls',
      'a.yaml:4:21 anchors are matched after full-width punctuation is normalised; write ：，［］（） as :,[]()',
      'a.yaml:7:20 labels.api: character class "[" is never closed',
      'a.yaml:9:20 matches: lookahead "(?=" cannot run in linear time; match the text instead or use exclude/require_context',
      'a.yaml:13:14 a rule needs at least one anchor (at rules.1.anchors)',
      'a.yaml:16:9 a test has either "events" (what the line yields) or "none: true" (it yields nothing) (at rules.1.tests.0)',
    ]);
  });

  it('asks for quoted codes in test expectations (YAML reads 0x5010B001 as a number)', () => {
    const text = rule("'(?<code>\\d+)'").replace('{line: "x", none: true}', '{line: "x", events: [{code: 0x5010B001, class: fatal}]}');
    expect(loadErrors({ 'a.yaml': text })).toEqual([
      'a.yaml:8:37 code must be a quoted string, e.g. code: "161002" (YAML reads 0x5010B001 as a number) (at rules.0.tests.0.events.0.code)',
    ]);
  });

  it('reports YAML syntax errors and an empty directory', () => {
    expect(loadErrors({ 'a.yaml': 'family: aclnn\nrules: [\n' })).toEqual([expect.stringMatching(/^a\.yaml:3:1 YAML: /)]);
    expect(loadErrors({})).toEqual([expect.stringMatching(/no rule files \(\*\.yaml\) in this directory$/)]);
  });

  it('loads a valid file into frozen compiled rules with the test cases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'a.yaml'), rule("'error code is (?<code>\\d+)'"));
    const set = loadRuleFiles([join(dir, 'a.yaml')]);
    expect(set.rules.map((r) => [r.id, r.family, r.map, r.anchors, r.pattern.fast.flags, r.pattern.linear.flags])).toEqual([['r1', 'aclnn', 'as-is', ['error code is'], 'g', 'gl']]);
    expect(set.files[0]?.tests.map((t) => [t.ruleId, t.text, t.expected, t.position])).toEqual([['r1', 'x', [], { line: 8, col: 16 }]]);
    expect(Object.isFrozen(set)).toBe(true);
    expect(set.version).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('evidence in rule files', () => {
  it('refuses an evidence item with two kinds, a window too wide, and a bad cue regex, each at its position', () => {
    const extra = [
      '    evidence:',
      "      - {before: 'code', after: 'x'}",
      "      - {before: 'code', window: 500}",
    ].join('\n');
    expect(loadErrors({ 'a.yaml': rule("'(?<code>\\d+)'", extra) })).toEqual([
      'a.yaml:7:9 an evidence item has exactly one of before, after or catalog_text (at rules.0.evidence.0)',
      'a.yaml:8:34 window is at most 200 characters (at rules.0.evidence.1.window)',
    ]);
    expect(loadErrors({ 'a.yaml': rule("'(?<code>\\d+)'", "    evidence:\n      - {after: 'x(?<=x)y'}") })).toEqual([
      'a.yaml:7:19 evidence.after: lookbehind "(?<=" cannot run in linear time; use \\b or exclude/require_context',
    ]);
  });

  it('accepts before/after cues with a window, catalog_text, known_only and require_catalog_text', () => {
    const extra = ['    known_only: true', '    require_catalog_text: true', '    evidence:', "      - {before: 'code ?$', window: 8}", "      - {after: '^ ?\\(ACLNN_'}", '      - catalog_text: true'].join('\n');
    expect(loadErrors({ 'a.yaml': rule("'(?<code>\\d+)'", extra) })).toEqual([]);
  });
});
