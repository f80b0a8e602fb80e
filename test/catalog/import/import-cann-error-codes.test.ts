// The cann-errmsg importer against a small error_code.json written by the team in CANN's layout (no vendor
// text): vendor text in, our classes kept, CANN's numbering for the rest, and the result loads and classifies.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCannErrorCodes } from '../../../src/catalog/import/import-cann-error-codes.js';
import { loadCatalogs } from '../../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../../src/cli/package-info.js';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { LoadErrors } from '../../../src/load/load-error.js';
import { RULE_TEST_NOW } from '../../../src/rules/run-rule-tests.js';
import { UnknownCodes } from '../../../src/transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../../../src/transforms/line-to-events.js';

const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'cann-error-code', 'error_code.json');
const bundled = loadCatalogs(DEFAULT_CATALOG_DIR).entries('cann-errmsg');

function importedCatalogDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cann-import-'));
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'cann-errmsg.yaml'), importCannErrorCodes([FIXTURE], bundled).yaml);
  return dir;
}

describe('importCannErrorCodes', () => {
  it('keeps the 17 bundled codes, adds the file\'s new ones, and gives the same bytes twice', () => {
    const { yaml, notes } = importCannErrorCodes([FIXTURE], bundled);
    expect(importCannErrorCodes([FIXTURE], bundled).yaml).toBe(yaml);
    expect(notes).toEqual([]);
    const index = loadCatalogs(importedCatalogDir());
    expect(index.entries('cann-errmsg').map((e) => e.code)).toHaveLength(19);
    expect(index.entries('cann-errmsg').filter((e) => e.source === 'seed:error_code.json').map((e) => e.code)).toEqual(['EI0002', 'EK0001', 'EK9999']);
  });

  it('takes the vendor text with its placeholders named, and keeps our class and Chinese text', () => {
    const ei0002 = loadCatalogs(importedCatalogDir()).lookup('cann-errmsg', 'EI0002');
    expect(ei0002?.message.en).toBe('Notify_Wait_Timeout: Fixture text: rank <local_rank> waited for a notify from rank <remote_rank> too long.');
    expect(ei0002?.cause?.en).toBe('Fixture cause: the remote rank is late.');
    expect(ei0002?.remedy.en).toBe('Fixture solution: find the late rank.');
    expect([ei0002?.class, ei0002?.classBasis, ei0002?.message.zh]).toEqual(['retryable', 'policy', bundled.find((e) => e.code === 'EI0002')?.message.zh]);
  });

  it.each([
    ['EK0001', 'fatal', 'policy'],
    ['EK9999', 'fatal', 'remedy'],
  ])('classes %s the catalog did not know by CANN numbering: %s (%s)', (code, cls, basis) => {
    const e = loadCatalogs(importedCatalogDir()).lookup('cann-errmsg', code);
    expect([e?.class, e?.classBasis]).toEqual([cls, basis]);
  });

  it('turns an unknown code of the bundled catalog into an explained, classified event', () => {
    const line = { source: 't', path: 't', lineNo: 1, text: 'EK0001: [PID: 42] 2026-05-24-10:11:12.000.000 option x is not valid.' };
    const classOf = (catalogDir: string): string[] =>
      lineToEvents(line, loadKnowledge({ catalogDir, rulesDir: DEFAULT_RULES_DIR }), new UnknownCodes(), () => RULE_TEST_NOW).map((e) => `${e.family} ${e.code} ${e.class}`);
    expect([classOf(DEFAULT_CATALOG_DIR), classOf(importedCatalogDir())]).toEqual([['cann-errmsg EK0001 unknown'], ['cann-errmsg EK0001 fatal']]);
  });

  it('names a new code by its errTitle; a code defined again keeps its first definition and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cann-twice-'));
    const other = join(dir, 'other_error_code.json');
    writeFileSync(other, JSON.stringify({ error_info_list: [{ errTitle: 'Other_Component_Error', ErrCode: 'EK0001', ErrMessage: 'Fixture text from another component.' }] }));
    const { yaml, notes } = importCannErrorCodes([FIXTURE, other], bundled);
    expect(notes).toEqual(['EK0001 is defined again at other_error_code.json error_info_list[0]: kept its first definition, at error_code.json error_info_list[1].']);
    writeFileSync(join(dir, 'cann-errmsg.yaml'), yaml);
    const ek0001 = loadCatalogs(dir).lookup('cann-errmsg', 'EK0001');
    expect([ek0001?.name, ek0001?.message.en]).toEqual(['Fixture_Bad_Config', 'Fixture_Bad_Config: Fixture text: option <option> is not valid.']);
  });

  it('refuses a file that is not CANN\'s layout, naming the file and every bad item', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cann-bad-'));
    const bad = join(dir, 'error_code.json');
    writeFileSync(bad, JSON.stringify({ error_info_list: [{ ErrCode: 'X1', ErrMessage: 'x' }, { ErrCode: 'EZ0001' }] }));
    let thrown: unknown;
    try {
      importCannErrorCodes([bad, join(dir, 'missing.json')], bundled);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(LoadErrors);
    expect((thrown as LoadErrors).errors.map((e) => `${e.file === bad ? 'bad' : 'missing'}: ${e.message.replace(/:.*ENOENT.*/, ': ENOENT')}`)).toEqual([
      'bad: error_info_list[0].ErrCode: ErrCode is E, a module character and four digits, e.g. EZ9999',
      'bad: error_info_list[1].ErrMessage: Invalid input: expected string, received undefined',
      'missing: cannot read file: ENOENT',
    ]);
  });
});
