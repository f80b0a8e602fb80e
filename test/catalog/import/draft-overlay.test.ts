// A new vendor page is one draft and one review away from a catalog: the draft lists every seed code,
// and the importer refuses it until a person has replaced every TODO.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftOverlay } from '../../../src/catalog/import/draft-overlay.js';
import { importSeed } from '../../../src/catalog/import/import-seed.js';
import { LoadErrors } from '../../../src/load/load-error.js';
import { SEEDS_DIR } from './seed-files.js';

const dir = mkdtempSync(join(tmpdir(), 'draft-overlay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEW_PAGE = '| Code | Description | 处理措施 |\n|---|---|---|\n| 0 | Success | 无 |\n| 301 | Quota exceeded | 请稍后再试 |\n| 302 | Bad key | 检查密钥 |\n';

function thrownMessages(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

describe('draftOverlay', () => {
  const seedFile = join(dir, 'new-vendor.txt');
  writeFileSync(seedFile, NEW_PAGE);
  const draft = draftOverlay({ seedFile, family: 'new-vendor' });

  it('lists every seed code with the missing fields and a suggested class', () => {
    const overlay = parse(draft) as { format: string; entries: Record<string, { class: string; class_basis: string; message?: unknown; remedy?: unknown }> };
    expect(overlay.format).toBe('pipe-table');
    expect(Object.entries(overlay.entries).map(([code, e]) => [code, e.class, e.class_basis])).toEqual([
      ['0', 'success', 'policy'], ['301', 'retryable', 'remedy'], ['302', 'fatal', 'policy'],
    ]);
    expect(overlay.entries['301']).toMatchObject({ message: { zh: 'TODO translate: Quota exceeded' }, remedy: { en: 'TODO translate: 请稍后再试' } });
  });

  it('is refused by the importer until every TODO is replaced', () => {
    const overlayFile = join(dir, 'new-vendor.yaml');
    writeFileSync(overlayFile, draft);
    const messages = thrownMessages(() => importSeed({ seedFile, family: 'new-vendor', overlayFile }));
    expect(messages.length).toBe(11); // 2 title texts + 3 message.zh + 3 remedy.en + 3 class reasons
    expect(messages.every((m) => m.includes('draft placeholder'))).toBe(true);

    writeFileSync(overlayFile, draft.replace(/"TODO translate: ([^"]*)"/g, '"$1 (reviewed)"').replace(/"TODO[^"]*"/g, '"Reviewed."'));
    const catalog = parse(importSeed({ seedFile, family: 'new-vendor', overlayFile })) as { entries: { code: string; class: string }[] };
    expect(catalog.entries.map((e) => [e.code, e.class])).toEqual([['0', 'success'], ['301', 'retryable'], ['302', 'fatal']]);
  });

  it('drafts the real llm-datadist seed with the vendor\'s classes', () => {
    const overlay = parse(draftOverlay({ seedFile: join(SEEDS_DIR, '002_479606296454d700.txt'), family: 'llm-datadist' })) as { entries: Record<string, { class: string; class_basis: string }> };
    expect(Object.keys(overlay.entries).length).toBe(18);
    expect(overlay.entries['0xFFFFFFFF']).toMatchObject({ class: 'fatal', class_basis: 'vendor' });
    expect(overlay.entries['0x5010B001']).toMatchObject({ class: 'retryable', class_basis: 'vendor' });
  });
});
