// The byte literal search must answer exactly what scanning every position would: the first occurrence of any
// literal lying wholly in [from, end). A property test against indexOf on every literal, plus the cases the
// skipping (one gram every few bytes) could get wrong: occurrences at the range's edges, overlapping and
// nested literals, multi-byte UTF-8.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSearch } from '../../src/rules/literal-search.js';
import { fuzzSettings } from '../fuzz/fuzz-settings.js';

/** The reference: the smallest start of any literal's occurrence in [from, end) (-1: none), and the literal found there (the first in `literals`' order of those starting at `at`). */
function firstLiteralByIndexOf(literals: readonly string[], bytes: Buffer, from: number, end: number): { at: number; literal: number } {
  let best = { at: -1, literal: -1 };
  literals.forEach((l, i) => {
    const at = bytes.subarray(0, end).indexOf(Buffer.from(l, 'utf8'), from);
    if (at !== -1 && (best.at === -1 || at < best.at)) best = { at, literal: i };
  });
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
    [['failed', 'error'], 'an error, failed', 0, 16, 3],
    [['failed', 'error'], 'an error, failed', 4, 16, 10],
    [['failed', 'error'], 'an error, failed', 0, 7, -1],
    [[], 'anything', 0, 8, -1],
  ])('finds the first of %j in %j within [%i, %i): %i', (literals, text, from, end, expected) => {
    expect(LiteralSearch.ofUtf8(literals).firstInBytes(Buffer.from(text, 'utf8'), from, end)).toBe(expected);
  });

  it('tells which literal it found: the first of those starting there, in the order given; -1 after a miss', () => {
    const search = LiteralSearch.ofUtf8(['rror', ' stdout P', 'error', 'err']);
    expect(search.firstInBytes(Buffer.from('an error'), 0, 8)).toBe(3);
    expect(search.foundLiteral).toBe(2);
    expect(search.firstInBytes(Buffer.from('Z stdout P error'), 0, 16)).toBe(1);
    expect(search.foundLiteral).toBe(1);
    expect(search.firstInBytes(Buffer.from('nothing here'), 0, 12)).toBe(-1);
    expect(search.foundLiteral).toBe(-1);
  });

  it('refuses a literal shorter than 2 bytes (it would need a step of 0)', () => {
    expect(() => LiteralSearch.ofUtf8(['ab', 'x'])).toThrow(RangeError);
  });

  it.each([
    ['2-byte grams, the shortest literal of 2 bytes', 2],
    ['2-byte grams, the shortest literal of 3 bytes', 3],
    ['3-byte grams, the shortest literal of 4 bytes', 4],
    ['3-byte grams, the shortest literal of 5 bytes or more', 5],
  ])('finds exactly what indexOf on every literal finds, for any literals, bytes and range: %s', (_name, shortest) => {
    const alphabet = fc.constantFrom('a', 'b', 'c', ' ', '错', 'é', '[', '"');
    const word = (min: number) => fc.array(alphabet, { minLength: min, maxLength: 7 }).map((cs) => cs.join(''));
    const literalsOf = fc.array(word(1), { maxLength: 6 }).map((ls) => ls.filter((l) => Buffer.byteLength(l) >= (shortest as number)));
    // The text is made partly of the literals and their prefixes, so occurrences (and near misses) are common: with
    // independent text, literals of 4 bytes and more occurred in 1 run of 5000, and a wrong step went unnoticed.
    const textOf = (literals: string[]) => {
      const pieces = literals.length === 0 ? [word(0), alphabet] : [word(0), alphabet, fc.constantFrom(...literals), fc.constantFrom(...literals).chain((l) => fc.nat(l.length).map((n) => [...l].slice(0, n).join('')))];
      return fc.array(fc.oneof(...pieces), { maxLength: 20 });
    };
    fc.assert(
      fc.property(literalsOf.chain((literals) => fc.tuple(fc.constant(literals), textOf(literals))), fc.nat(), fc.nat(), ([kept, parts], a, b) => {
        const bytes = Buffer.from(parts.join(''), 'utf8');
        const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = from + (b % (bytes.length - from + 1));
        const search = LiteralSearch.ofUtf8(kept);
        const at = search.firstInBytes(bytes, from, end);
        // Which literal it found, too (the line splitter tells a rule anchor from an appended CRI marker by it).
        expect({ at, literal: search.foundLiteral }).toEqual(firstLiteralByIndexOf(kept, bytes, from, end));
      }),
      fuzzSettings(0x5eed1414, 5000),
    );
  });
});
