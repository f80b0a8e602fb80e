import { describe, expect, it } from 'vitest';
import { ReadAnchor } from '../../src/sources/files/read-anchor.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('ReadAnchor', () => {
  it('remembers the last bytes before the offset and recognises them at the front of the next chunk', () => {
    const a = new ReadAnchor(4);
    expect(a.sizeFor(64)).toBe(0);
    a.advance(b('line 1\n'));
    expect(a.sizeFor(64)).toBe(4);
    expect(a.matches(b('e 1\nline 2\n'), 12, 4)).toBe(true);
    expect(a.matches(b('e 9\nline 2\n'), 12, 4)).toBe(false);
  });

  it('treats a chunk shorter than the anchor as a truncation', () => {
    const a = new ReadAnchor(4);
    a.advance(b('abcdef'));
    expect(a.matches(b('cd'), 2, 4)).toBe(false);
  });

  it('uses at most half of a small read buffer, comparing the anchor\'s last bytes', () => {
    const a = new ReadAnchor(8);
    a.advance(b('0123456789'));
    expect(a.sizeFor(6)).toBe(3);
    expect(a.matches(b('789abc'), 6, 3)).toBe(true);
    expect(a.matches(b('689abc'), 6, 3)).toBe(false);
  });

  it('forgets everything on reset (the file restarts from byte 0)', () => {
    const a = new ReadAnchor(4);
    a.advance(b('abcd'));
    a.reset();
    expect(a.sizeFor(64)).toBe(0);
    expect(a.matches(b(''), 0, 0)).toBe(true);
  });
});
