// Re-importing each seed with its overlay reproduces the committed catalog byte for byte, and every
// committed catalog is complete: both languages for every message and remedy, a class for every code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importSeed } from '../../../src/catalog/import/import-seed.js';
import { CATALOG_DIR, SEEDS, SEEDS_DIR } from './seed-files.js';

interface Text {
  en?: unknown;
  zh?: unknown;
}
interface FileEntry {
  code: string;
  range?: unknown;
  message?: Text;
  cause?: Text;
  remedy?: Text;
  class?: string;
  source?: string;
}

const committed = (family: string): string => readFileSync(join(CATALOG_DIR, `${family}.yaml`), 'utf8');
const entriesOf = (family: string): FileEntry[] => (parse(committed(family)) as { entries: FileEntry[] }).entries;
const filled = (t: Text | undefined): boolean => typeof t?.en === 'string' && t.en.trim() !== '' && typeof t.zh === 'string' && t.zh.trim() !== '';

describe('import round trip', () => {
  it.each(SEEDS)('importing $seed with the $family overlay gives the committed $family catalog exactly', ({ family, seed }) => {
    const yaml = importSeed({ seedFile: join(SEEDS_DIR, seed), family, overlayFile: join(CATALOG_DIR, 'overlays', `${family}.yaml`) });
    expect(yaml).toBe(committed(family));
  });

  it('finds the bundled overlay when none is given, and gives the same bytes twice', () => {
    const opts = { seedFile: join(SEEDS_DIR, '002_479606296454d700.txt'), family: 'llm-datadist' };
    expect(importSeed(opts)).toBe(committed('llm-datadist'));
    expect(importSeed(opts)).toBe(importSeed(opts));
  });
});

describe('committed catalogs', () => {
  it.each([
    ['aclnn', 12, 8],
    ['core-vision', 12, 12],
    ['llm-datadist', 18, 18],
    ['speech-sdk', 167, 167],
    ['huawei-cloud', 77, 77],
  ])('%s has %i entries, %i of them from the seed', (family, total, fromSeed) => {
    const entries = entriesOf(family);
    expect(entries.length).toBe(total);
    expect(entries.filter((e) => e.source?.startsWith('seed:')).length).toBe(fromSeed);
  });

  it('holds the 430 seed codes, the 561xxx and acl-runtime ranges and the four documented 5610xx codes', () => {
    const all = SEEDS.flatMap(({ family }) => entriesOf(family));
    expect(all.filter((e) => e.source?.startsWith('seed:') && e.range === undefined).length).toBe(430);
    expect(all.filter((e) => e.range !== undefined).map((e) => e.code)).toEqual(['561xxx', '107xxx', '207xxx', '507xxx']);
    expect(all.filter((e) => e.source?.startsWith('doc:')).map((e) => e.code)).toEqual(['561000', '561001', '561002', '561003']);
  });

  it.each(SEEDS)('$family fills both languages of every message and remedy (and cause, where given)', ({ family }) => {
    const incomplete = entriesOf(family)
      .filter((e) => !filled(e.message) || !filled(e.remedy) || (e.cause !== undefined && !filled(e.cause)))
      .map((e) => e.code);
    expect(incomplete).toEqual([]);
  });

  it('classes the success codes as success and nothing else', () => {
    const success = SEEDS.flatMap(({ family }) => entriesOf(family).filter((e) => e.class === 'success').map((e) => `${family}/${e.code}`));
    expect(success).toEqual(['aclnn/0', 'llm-datadist/0x0', 'speech-sdk/0']);
  });
});
