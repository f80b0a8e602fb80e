import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSearch } from '../../src/rules/literal-search.js';
import { OffsetLineSplitter } from '../../src/sources/files/offset-line-splitter.js';

interface Got {
  text: string;
  truncated: boolean;
  invalid: boolean;
}

function splitter(maxBytes: number): { s: OffsetLineSplitter; lines: Got[] } {
  const lines: Got[] = [];
  const s = new OffsetLineSplitter(maxBytes, (text, truncated, invalid) => lines.push({ text, truncated, invalid }));
  return { s, lines };
}

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('OffsetLineSplitter', () => {
  it.each([
    { name: 'plain lines', chunks: ['a\nbb\n'], expected: ['a', 'bb'], held: 0 },
    { name: 'CRLF trimmed', chunks: ['a\r\nb\r\n'], expected: ['a', 'b'], held: 0 },
    { name: 'lone CR kept inside', chunks: ['a\rb\n'], expected: ['a\rb'], held: 0 },
    { name: 'empty lines', chunks: ['\n\n'], expected: ['', ''], held: 0 },
    { name: 'partial held', chunks: ['a\nbc'], expected: ['a'], held: 2 },
    { name: 'line across chunks', chunks: ['ab', 'c', 'd\ne'], expected: ['abcd'], held: 1 },
    { name: 'CR and LF in different chunks', chunks: ['ab\r', '\n'], expected: ['ab'], held: 0 },
    { name: 'NUL bytes', chunks: ['a\u0000b\n'], expected: ['a\u0000b'], held: 0 },
  ])('$name', ({ chunks, expected, held }) => {
    const { s, lines } = splitter(64);
    for (const c of chunks) s.push(b(c));
    expect(lines.map((l) => l.text)).toEqual(expected);
    expect(s.heldBytes).toBe(held);
  });

  it('returns the number of lines each push delivered', () => {
    const { s } = splitter(64);
    expect(s.push(b('a\nb'))).toBe(1);
    expect(s.push(b('c\nd\ne\n'))).toBe(3);
  });

  it('does not depend on the read buffer after push returns (the tailer reuses it)', () => {
    const { s, lines } = splitter(64);
    const buf = b('hello');
    s.push(buf);
    buf.fill(0x78);
    s.push(b(' world\n'));
    expect(lines.map((l) => l.text)).toEqual(['hello world']);
  });

  it('cuts a line longer than the cap within one chunk and flags it', () => {
    const { s, lines } = splitter(8);
    s.push(b('0123456789abc\nok\n'));
    expect(lines).toEqual([
      { text: '01234567', truncated: true, invalid: false },
      { text: 'ok', truncated: false, invalid: false },
    ]);
  });

  it('delivers an over-long unfinished line at once, cut, then skips its rest without holding it', () => {
    const { s, lines } = splitter(8);
    s.push(b('0123456'));
    expect(lines).toEqual([]);
    s.push(b('789abcdef'));
    expect(lines).toEqual([{ text: '01234567', truncated: true, invalid: false }]);
    expect(s.heldBytes).toBe(0);
    expect(s.skippingLongLine).toBe(true);
    s.push(b('x'.repeat(1000)));
    s.push(b('yyy\nnext\n'));
    expect(lines.map((l) => l.text)).toEqual(['01234567', 'next']);
    expect(s.skippingLongLine).toBe(false);
  });

  it('keeps a line of exactly the cap, with or without CRLF, uncut', () => {
    const { s, lines } = splitter(8);
    s.push(b('01234567\r'));
    s.push(b('\n01234567\n'));
    expect(lines).toEqual([
      { text: '01234567', truncated: false, invalid: false },
      { text: '01234567', truncated: false, invalid: false },
    ]);
  });

  it('cuts a line of cap + 1 bytes held across chunks when no CR follows', () => {
    const { s, lines } = splitter(8);
    s.push(b('012345678'));
    s.push(b('\n'));
    expect(lines).toEqual([{ text: '01234567', truncated: true, invalid: false }]);
  });

  it('never cuts a UTF-8 character in half', () => {
    const { s, lines } = splitter(8);
    s.push(b('abcdef错误码\n')); // 错 starts at byte 6 and needs 3 bytes: cut before it
    expect(lines).toEqual([{ text: 'abcdef', truncated: true, invalid: false }]);
  });

  it('delivers a 10 MB line without a newline as one cut line while holding at most the cap', () => {
    const { s, lines } = splitter(64 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 160; i++) {
      s.push(chunk);
      expect(s.heldBytes).toBeLessThanOrEqual(64 * 1024 + 1);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toHaveLength(64 * 1024);
    expect(lines[0].truncated).toBe(true);
  });

  it('decodes invalid UTF-8 as U+FFFD and flags the line, but not a real U+FFFD', () => {
    const { s, lines } = splitter(64);
    s.push(Buffer.from([0x61, 0xff, 0x62, 0x0a]));
    s.push(b('\uFFFD\n'));
    expect(lines).toEqual([
      { text: 'a\uFFFDb', truncated: false, invalid: true },
      { text: '\uFFFD', truncated: false, invalid: false },
    ]);
  });

  it('flushPartial delivers the held line and the continuation becomes a line of its own', () => {
    const { s, lines } = splitter(64);
    s.push(b('crash without newline'));
    expect(s.flushPartial()).toBe(1);
    expect(s.flushPartial()).toBe(0);
    s.push(b(' later\n'));
    expect(lines.map((l) => l.text)).toEqual(['crash without newline', ' later']);
  });

  it('after flushPartial, a newline that arrives next just ends the delivered line', () => {
    const { s, lines } = splitter(64);
    s.push(b('crash line'));
    s.flushPartial();
    s.push(b('\nnext\n'));
    expect(lines.map((l) => l.text)).toEqual(['crash line', 'next']);
  });

  it('resumeSkipping continues skipping an over-long line after a restart', () => {
    const { s, lines } = splitter(64);
    s.resumeSkipping(true);
    s.push(b('rest of the long line\nnext\n'));
    expect(lines.map((l) => l.text)).toEqual(['next']);
  });

  it('gives the same lines and held bytes for any chunking of the same bytes', () => {
    const piece = fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', '\u0000', '错', 'é', '\uFFFD'),
      fc.string({ maxLength: 12 }),
      fc.constant('x'.repeat(20)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (pieces, cuts) => {
        const bytes = Buffer.concat([b(pieces.join('')), Buffer.from([0xe9, 0x0a, 0xff])]);
        const whole = splitter(16);
        whole.s.push(bytes);
        const chunked = splitter(16);
        let pos = 0;
        for (let i = 0; pos < bytes.length; i++) {
          const n = cuts[i % cuts.length];
          chunked.s.push(bytes.subarray(pos, pos + n));
          pos += n;
        }
        expect(chunked.lines).toEqual(whole.lines);
        expect(chunked.s.heldBytes).toBe(whole.s.heldBytes);
        // Held bytes are always the tail after the last newline, unless an over-long line is being skipped.
        if (!whole.s.skippingLongLine) expect(whole.s.heldBytes).toBe(bytes.length - (bytes.lastIndexOf(0x0a) + 1));
      }),
      { numRuns: 300 },
    );
  });
});

// Cases ported from scan's former LineSplitter (one splitter now serves scan, stdin and the tailer).
// `end()` there is `flushPartial()` here: the end of the input ends an unfinished last line.
describe('OffsetLineSplitter as scan reads files', () => {
  function split(chunks: readonly Buffer[], maxBytes = 64 * 1024): { lines: Got[]; counted: number } {
    const { s, lines } = splitter(maxBytes);
    let counted = 0;
    for (const c of chunks) counted += s.push(c);
    counted += s.flushPartial();
    return { lines, counted };
  }
  const texts = (r: { lines: Got[] }): string[] => r.lines.map((l) => l.text);

  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['\n\n', ['', '']],
    ['', []],
    ['last\r', ['last']],
    ['中文，全角：161002\n', ['中文，全角：161002']],
  ])('splits %j into %j', (input, expected) => {
    const r = split([b(input)]);
    expect(texts(r)).toEqual(expected);
    expect(r.counted).toBe(expected.length);
  });

  it('gives the same lines for every way of cutting the input into two chunks', () => {
    const input = b('first 161002\r\n错误码 1343270913\n\nlast line without newline');
    const expected = ['first 161002', '错误码 1343270913', '', 'last line without newline'];
    for (let cut = 0; cut <= input.length; cut++) {
      expect(texts(split([input.subarray(0, cut), input.subarray(cut)]))).toEqual(expected);
    }
  });

  it('gives the same lines when fed one byte at a time', () => {
    const chunks = [...b('α\nβγ\r\nδ')].map((x) => Buffer.from([x]));
    expect(texts(split(chunks))).toEqual(['α', 'βγ', 'δ']);
  });

  it('truncates across chunks the same way as within one chunk', () => {
    const line = 'y'.repeat(30);
    const whole = split([b(`${line}\nz\n`)], 10);
    const pieces = split([b(line.slice(0, 4)), b(line.slice(4, 25)), b(`${line.slice(25)}\nz\n`)], 10);
    expect(pieces.lines).toEqual(whole.lines);
    expect(whole.lines).toEqual([
      { text: 'y'.repeat(10), truncated: true, invalid: false },
      { text: 'z', truncated: false, invalid: false },
    ]);
  });

  it('never cuts a multi-byte character in half at an odd cap', () => {
    // '错' is 3 bytes: a cap of 7 holds 'ab' and one whole character; the second would need 8 bytes.
    expect(split([b('ab错误码\n')], 7).lines).toEqual([{ text: 'ab错', truncated: true, invalid: false }]);
  });

  it('flags invalid UTF-8 on its own line only', () => {
    expect(split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a])]).lines).toEqual([
      { text: 'a\uFFFD\uFFFDb', truncated: false, invalid: true },
      { text: 'c', truncated: false, invalid: false },
    ]);
  });

  it('reads a 1 MB line as one truncated line of 64 KiB and keeps counting after it', () => {
    const big = Buffer.alloc(1024 * 1024, 'q');
    const chunks: Buffer[] = [b('before\n')];
    for (let i = 0; i < big.length; i += 65536) chunks.push(big.subarray(i, i + 65536));
    chunks.push(b('\nafter\n'));
    const r = split(chunks);
    expect(r.counted).toBe(3);
    expect(r.lines.map((l) => [l.text.length, l.truncated])).toEqual([
      [6, false],
      [65536, true],
      [5, false],
    ]);
  });

  it('does not flag a line of exactly the cap before CRLF as truncated (LineSplitter did)', () => {
    expect(split([b('12345678\r\n')], 8).lines).toEqual([{ text: '12345678', truncated: false, invalid: false }]);
  });

  it('refuses a nonsensical cap at construction', () => {
    expect(() => new OffsetLineSplitter(0, () => undefined)).toThrow(RangeError);
  });

  it('anchors a line only by a hit inside it: not by the previous line\'s hit, not by a marker literal (CRLF, at the cap)', () => {
    const got: [string, boolean][] = [];
    const s = new OffsetLineSplitter(9, (text, _t, _i, anchored) => got.push([text, anchored]), {
      literals: LiteralSearch.ofUtf8(['aaa', ' stdout P']),
      anchorLiterals: 1,
      onSkipped: () => undefined,
    });
    s.push(b('aaa\r\n stdout P\r\nx aaa\n'));
    expect(got).toEqual([['aaa', true], [' stdout P', false], ['x aaa', true]]);
  });
});
