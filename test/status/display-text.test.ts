import { describe, expect, it } from 'vitest';
import { displayText } from '../../src/status/display-text.js';

describe('displayText', () => {
  it.each([
    ['plain text is kept', 'error code is 161002', 100, { text: 'error code is 161002', truncated: false }],
    ['markup is kept as text (the page never parses it)', '<script>alert(1)</script>', 100, { text: '<script>alert(1)</script>', truncated: false }],
    ['tab is kept', 'a\tb', 10, { text: 'a\tb', truncated: false }],
    ['ESC and CR become control pictures', '\u001b[31mred\r', 20, { text: '\u241b[31mred\u240d', truncated: false }],
    ['NUL, LF and DEL become control pictures', 'a\u0000b\nc\u007f', 20, { text: 'a\u2400b\u240ac\u2421', truncated: false }],
    ['C1 controls are replaced', 'a\u0085b\u009bc', 20, { text: 'a\uFFFDb\uFFFDc', truncated: false }],
    ['bidi overrides and isolates are replaced', 'x\u202Eevil\u202C\u2066y\u2069\u200F', 20, { text: 'x\uFFFDevil\uFFFD\uFFFDy\uFFFD\uFFFD', truncated: false }],
    ['lone surrogates are replaced, pairs kept', 'a\uD800b\uDC00c\uD83D\uDE00', 20, { text: 'a\uFFFDb\uFFFDc\uD83D\uDE00', truncated: false }],
    ['cut to the cap', 'abcdef', 4, { text: 'abcd', truncated: true }],
    ['exactly the cap is not cut', 'abcd', 4, { text: 'abcd', truncated: false }],
    ['never cut inside a surrogate pair', 'abc\uD83D\uDE00', 4, { text: 'abc', truncated: true }],
    ['empty stays empty', '', 5, { text: '', truncated: false }],
  ])('%s', (_why, input, max, expected) => {
    expect(displayText(input, max)).toEqual(expected);
  });

  it('refuses a cap below 1 (programmer error)', () => {
    expect(() => displayText('x', 0)).toThrow('maxChars must be at least 1');
  });

  it('caps a 1 MB line to 512 characters', () => {
    const shown = displayText('x'.repeat(1_000_000), 512);
    expect([shown.text.length, shown.truncated]).toEqual([512, true]);
  });
});
