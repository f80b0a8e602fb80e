import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/sources/read-files/line-splitter.js';

interface Seen {
  text: string;
  truncated: boolean;
  invalidUtf8: boolean;
}

function split(chunks: readonly Buffer[], maxBytes?: number): { lines: Seen[]; counted: number } {
  const lines: Seen[] = [];
  const splitter = new LineSplitter((text, truncated, invalidUtf8) => lines.push({ text, truncated, invalidUtf8 }), maxBytes);
  let counted = 0;
  for (const c of chunks) counted += splitter.push(c);
  counted += splitter.end();
  return { lines, counted };
}

const texts = (r: { lines: Seen[] }): string[] => r.lines.map((l) => l.text);

describe('LineSplitter', () => {
  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['\n\n', ['', '']],
    ['', []],
    ['crlf\r\nnext\r\n', ['crlf', 'next']],
    ['inner\rcr\n', ['inner\rcr']],
    ['中文，全角：161002\n', ['中文，全角：161002']],
  ])('splits %j into %j', (input, expected) => {
    const r = split([Buffer.from(input)]);
    expect(texts(r)).toEqual(expected);
    expect(r.counted).toBe(expected.length);
  });

  it('gives the same lines for every way of cutting the input into two chunks', () => {
    const input = Buffer.from('first 161002\r\n错误码 1343270913\n\nlast line without newline');
    const expected = ['first 161002', '错误码 1343270913', '', 'last line without newline'];
    for (let cut = 0; cut <= input.length; cut++) {
      expect(texts(split([input.subarray(0, cut), input.subarray(cut)]))).toEqual(expected);
    }
  });

  it('gives the same lines when fed one byte at a time', () => {
    const input = Buffer.from('α\nβγ\r\nδ');
    const chunks = [...input].map((b) => Buffer.from([b]));
    expect(texts(split(chunks))).toEqual(['α', 'βγ', 'δ']);
  });

  it('truncates a line longer than the cap and flags it, keeping the next line intact', () => {
    const r = split([Buffer.from(`${'x'.repeat(20)}\nshort\n`)], 8);
    expect(r.lines).toEqual([
      { text: 'xxxxxxxx', truncated: true, invalidUtf8: false },
      { text: 'short', truncated: false, invalidUtf8: false },
    ]);
  });

  it('truncates across chunks the same way as within one chunk', () => {
    const line = 'y'.repeat(30);
    const whole = split([Buffer.from(`${line}\nz\n`)], 10);
    const pieces = split([Buffer.from(line.slice(0, 4)), Buffer.from(line.slice(4, 25)), Buffer.from(`${line.slice(25)}\nz\n`)], 10);
    expect(pieces.lines).toEqual(whole.lines);
    expect(whole.lines).toEqual([
      { text: 'y'.repeat(10), truncated: true, invalidUtf8: false },
      { text: 'z', truncated: false, invalidUtf8: false },
    ]);
  });

  it('keeps a line of exactly the cap whole', () => {
    expect(split([Buffer.from('12345678\n')], 8).lines).toEqual([{ text: '12345678', truncated: false, invalidUtf8: false }]);
  });

  it('never cuts a multi-byte character in half when truncating', () => {
    // '错' is 3 bytes: a cap of 7 leaves 'ab' + two whole characters would need 8 bytes, so one is dropped.
    const r = split([Buffer.from('ab错误码\n')], 7);
    expect(r.lines).toEqual([{ text: 'ab错', truncated: true, invalidUtf8: false }]);
  });

  it('decodes invalid UTF-8 as U+FFFD and flags it, without throwing', () => {
    const r = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a])]);
    expect(r.lines).toEqual([
      { text: 'a\uFFFD\uFFFDb', truncated: false, invalidUtf8: true },
      { text: 'c', truncated: false, invalidUtf8: false },
    ]);
  });

  it('does not flag a real U+FFFD in valid UTF-8', () => {
    expect(split([Buffer.from('bad char \uFFFD here\n')]).lines[0]).toEqual({ text: 'bad char \uFFFD here', truncated: false, invalidUtf8: false });
  });

  it('reads a 1 MB line as one truncated line of 64 KiB and keeps counting after it', () => {
    const big = Buffer.alloc(1024 * 1024, 'q');
    const chunks: Buffer[] = [Buffer.from('before\n')];
    for (let i = 0; i < big.length; i += 65536) chunks.push(big.subarray(i, i + 65536));
    chunks.push(Buffer.from('\nafter\n'));
    const r = split(chunks);
    expect(r.counted).toBe(3);
    expect(r.lines.map((l) => [l.text.length, l.truncated])).toEqual([
      [6, false],
      [65536, true],
      [5, false],
    ]);
  });

  it('refuses a nonsensical cap at construction', () => {
    expect(() => new LineSplitter(() => undefined, 0)).toThrow(RangeError);
  });
});
