// The byte literal search must answer exactly what scanning every position would: the first occurrence of any
// literal lying wholly in [from, end). A property test against indexOf on every literal, plus the cases the
// skipping (one gram every shortest - 1 bytes) could get wrong: occurrences at the range's edges, overlapping and
// nested literals, multi-byte UTF-8.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSearch } from '../../src/rules/literal-search.js';
import { fuzzSettings } from '../fuzz/fuzz-settings.js';

/** The reference: the smallest start of any literal's occurrence in [from, end), or -1. */
function firstByIndexOf(literals: readonly string[], bytes: Buffer, from: number, end: number): number {
  let best = -1;
  for (const l of literals) {
    const at = bytes.subarray(0, end).indexOf(Buffer.from(l, 'utf8'), from);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

describe('LiteralSearch', () => {
  it.each([
    // literals, text, from, end, expected
    [['code', 'rror'], 'an error code', 0, 13, 4],
    [['code', 'rror'], 'an error code', 5, 13, 9],
    [['code'], 'code', 0, 4, 0],
    [['code'], 'code', 0, 3, -1],
    [['code'], 'code', 1, 4, -1],
    [['abcdef', 'cde'], 'xxabcdefxx', 0, 10, 2],
    [['abcdef', 'cde'], 'xxabcdefxx', 3, 10, 4],
    [['ret =', 'ret=', '[PID'], 'heartbeat ok, ret = 0', 0, 21, 14],
    [['错误码', '返回码'], '调用失败，返回码 161001', 0, 31, 15],
    [[], 'anything', 0, 8, -1],
  ])('finds the first of %j in %j within [%i, %i): %i', (literals, text, from, end, expected) => {
    expect(LiteralSearch.ofUtf8(literals).firstInBytes(Buffer.from(text, 'utf8'), from, end)).toBe(expected);
  });

  it('refuses a literal shorter than 2 bytes (it would need a step of 0)', () => {
    expect(() => LiteralSearch.ofUtf8(['ab', 'x'])).toThrow(RangeError);
  });

  it('finds exactly what indexOf on every literal finds, for any literals, bytes and range', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', ' ', '错', 'é', '[', '"');
    const word = (min: number) => fc.array(alphabet, { minLength: min, maxLength: 7 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word(2), { maxLength: 6 }), fc.array(fc.oneof(word(0), alphabet), { maxLength: 20 }), fc.nat(), fc.nat(), (literals, parts, a, b) => {
        const kept = literals.filter((l) => Buffer.byteLength(l) >= 2);
        const bytes = Buffer.from(parts.join(''), 'utf8');
        const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = from + (b % (bytes.length - from + 1));
        expect(LiteralSearch.ofUtf8(kept).firstInBytes(bytes, from, end)).toBe(firstByIndexOf(kept, bytes, from, end));
      }),
      fuzzSettings(0x5eed1414, 5000),
    );
  });
});
