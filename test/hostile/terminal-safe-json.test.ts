// terminalSafeJson: the JSON of scan --events and run --events, with nothing in it a terminal would act on.
import { describe, expect, it } from 'vitest';
import { terminalSafeJson } from '../../src/sinks/terminal-safe-json.js';

describe('terminalSafeJson', () => {
  it.each([
    ['plain', { line: 'call aclnnAdd failed' }, '{"line":"call aclnnAdd failed"}'],
    ['C0 controls (JSON.stringify)', { line: '\u001b[31m\r\n\u0000' }, '{"line":"\\u001b[31m\\r\\n\\u0000"}'],
    ['DEL and C1 controls', { line: '\u007f\u0080\u009b31m\u009f' }, '{"line":"\\u007f\\u0080\\u009b31m\\u009f"}'],
    ['line and paragraph separators', { line: 'a\u2028b\u2029c' }, '{"line":"a\\u2028b\\u2029c"}'],
    ['lone surrogates (JSON.stringify)', { line: 'a\ud800b' }, '{"line":"a\\ud800b"}'],
    ['markup is data', { line: '<script>alert(1)</script>' }, '{"line":"<script>alert(1)</script>"}'],
    ['other non-ASCII stays readable', { line: '错误码 161002，全角' }, '{"line":"错误码 161002，全角"}'],
  ])('%s', (_name, value, expected) => {
    const json = terminalSafeJson(value);
    expect(json).toBe(expected);
    expect(JSON.parse(json)).toEqual(value);
  });
});
