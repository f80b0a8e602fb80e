import { describe, expect, it } from 'vitest';
import { OTHER_CODE, UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';

describe('UnknownCodes', () => {
  it('admits up to maxPerFamily distinct codes per family, then folds into other', () => {
    const u = new UnknownCodes(2);
    expect([u.admit('aclnn', '561201'), u.admit('aclnn', '561202'), u.admit('aclnn', '561203')]).toEqual(['561201', '561202', OTHER_CODE]);
    expect(u.admit('aclnn', '561201')).toBe('561201');
    expect(u.admit('aclnn', '561204')).toBe(OTHER_CODE);
    expect(u.codes('aclnn')).toEqual(['561201', '561202']);
    expect(u.folded('aclnn')).toBe(2);
  });

  it('keeps a separate budget per family', () => {
    const u = new UnknownCodes(1);
    expect(u.admit('aclnn', '1')).toBe('1');
    expect(u.admit('speech-sdk', '1')).toBe('1');
    expect(u.admit('speech-sdk', '2')).toBe(OTHER_CODE);
    expect(u.folded('aclnn')).toBe(0);
  });

  it.each([['x'.repeat(41)], ['a b'], ['<script>'], [''], [OTHER_CODE]])('folds unprintable or reserved value %j', (code) => {
    const u = new UnknownCodes(5);
    expect(u.admit('aclnn', code)).toBe(OTHER_CODE);
    expect(u.codes('aclnn')).toEqual([]);
  });

  it('defaults to 50 and refuses a non-positive budget', () => {
    expect(new UnknownCodes().maxPerFamily).toBe(50);
    expect(() => new UnknownCodes(0)).toThrow(RangeError);
    expect(() => new UnknownCodes(1.5)).toThrow(RangeError);
  });
});
