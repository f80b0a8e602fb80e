import { describe, expect, it } from 'vitest';
import { anchorCore, anchorProblem, anchorRawForms, buildAnchorScan, buildPrefilter, literalTrie, rulesByAnchor } from '../../src/rules/anchor-prefilter.js';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';

describe('anchor prefilter', () => {
  it.each([
    ['error code is', 'error code is'],
    ['"error_code"', 'error_code'],
    ['errno[', 'errno'],
    ['Error code:', 'Error code'],
    ['E A00000/', 'E A00000/'],
    ['ret = ', 'ret = '],
    ['a:bb:ccc', 'ccc'],
  ])('the stable core of %j is %j', (anchor, core) => {
    expect(anchorCore(anchor)).toBe(core);
  });

  it.each([
    ['ab', /3 or more characters/],
    ['"a":"b"', /3 or more characters/],
    ['errCode：', /full-width/],
    ['errCode', undefined],
    // No UTF-8 form: the byte search and the regexes would disagree on it.
    ['err\ud800Code', /lone UTF-16 surrogate/],
    ['err😀Code', undefined],
  ])('anchor %j problem', (anchor, problem) => {
    const found = anchorProblem(anchor);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('lets every wrapped line through whose unwrapped text contains the anchor', () => {
    const anchors = ['"error_code"', 'errno[', 'errCode:', 'ret = '];
    const prefilter = buildPrefilter(anchors);
    const wrapped = [
      '{"log":"{\\"error_code\\":\\"AIS.0014\\"}\\n","stream":"stdout"}',
      'errno［561103］ launch failed',
      '05-24 10:11:12.123  1  2 E A00000/T: errCode：200',
      '\u001b[31mret = 1343270917\u001b[0m\r',
    ];
    for (const raw of wrapped) {
      expect(anchors.some((a) => unwrapLine(raw).includes(a))).toBe(true);
      expect(prefilter.test(raw)).toBe(true);
    }
    expect(prefilter.test('[INFO] GE(1,p):2026-05-24-10:11:12.000.000 [g.cc:1]2 graph compiled')).toBe(false);
  });

  it.each([
    ['[PID', ['[PID', '［PID']],
    ['"error_code"', ['"error_code"', '"error_code\\"', '\\"error_code"', '\\"error_code\\"']],
    ['a<b', ['a<b', 'a\\u003cb']],
    ['ret = ', ['ret = ']],
    // A control character, or more than 64 spellings: the stable core, as before.
    ['abc\tdef', ['abc']],
    ['"zyx":"wvu","tsr":"qpo"', ['zyx']],
  ])('the raw forms of %j are %j', (anchor, forms) => {
    expect(anchorRawForms(anchor)).toEqual(forms);
  });

  it('searches a generic core only with its punctuation: [PID passes [PID and ［PID, not PID:161002', () => {
    const prefilter = buildPrefilter(['[PID']);
    expect(['[PID 123] Inner Error', 'x ［PID 5］ Inner Error', 'Init: PID:161002 bound'].map((l) => prefilter.test(l))).toEqual([true, true, false]);
  });

  it('drops cores that contain a shorter core', () => {
    // errCode= contains errCode and adds nothing; the rest share their common prefix in one trie.
    expect(buildPrefilter(['errCode=', 'errCode', 'error code is']).source).toBe('err(?:Code|or code is)');
  });

  it.each([
    [['ret=', 'ret =', 'error code', 'error code is', 'LLM_A', 'LLM_AB', 'a.b', '错误码', '错误'], '(?:LLM_AB?|a\\.b|error code(?: is)?|ret(?: =|=)|错误码?)'],
    [['x'], 'x'],
    [['ab', 'abc', 'abd'], 'ab(?:c|d)?'],
  ])('literalTrie(%j) matches exactly those literals, longest first', (literals, source) => {
    expect(literalTrie(literals)).toBe(source);
    const whole = new RegExp(`^(?:${source})$`);
    for (const l of literals) expect(whole.test(l)).toBe(true);
    expect(whole.test('zz')).toBe(false);
    const longest = [...literals].sort((a, b) => b.length - a.length)[0] as string;
    expect(new RegExp(source).exec(`  ${longest}  `)?.[0]).toBe(longest);
  });

  it('finds overlapping anchors and the rules of anchors contained in a longer one', () => {
    const ruleAnchors = [['errCode'], ['errCode='], ['ret = '], [' = 13']];
    const byAnchor = rulesByAnchor(ruleAnchors);
    expect(Object.fromEntries(byAnchor)).toEqual({ errCode: [0], 'errCode=': [0, 1], 'ret = ': [2], ' = 13': [3] });
    const scan = buildAnchorScan(ruleAnchors.flat());
    expect([...'errCode=1 ret = 13'.matchAll(scan)].map((m) => m[0])).toEqual(['errCode=', 'ret = ']);
  });
});
