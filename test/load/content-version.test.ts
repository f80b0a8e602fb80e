// contentHash remembers the last text it hashed (each data file is hashed for its snapshot key and again for its
// version); a different text, even of the same length, must never get the remembered hash.
import { describe, expect, it } from 'vitest';
import { contentHash, contentVersion } from '../../src/load/content-version.js';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const ABD = 'a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9';

describe('contentHash', () => {
  it.each([
    ['abc', ABC],
    ['abd', ABD],
    ['abc', ABC],
    ['abc', ABC],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['代码', 'e6f04ffbaa424001e9716a18813eab4adf46f4e54528f5613915ee7d4d6453ca'],
  ])('sha256(%j) is %s', (text, expected) => {
    expect(contentHash(text)).toBe(expected);
  });

  it('is the version\'s prefix', () => {
    expect(contentVersion('abc')).toBe(ABC.slice(0, 12));
    expect(contentVersion('abd')).toBe(ABD.slice(0, 12));
  });
});
