import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { entryToJson, formatEntriesTable, formatEntryText } from '../../src/catalog/format-entry.js';
import { displayWidth } from '../../src/sinks/report/display-width.js';
import type { CatalogEntry } from '../../src/catalog/catalog-types.js';

const index = loadCatalogs('test/fixtures/catalogs/valid');
const entry = (family: string, code: string): CatalogEntry => {
  const e = index.lookup(family, code);
  if (e === undefined) throw new Error(`fixture lacks ${family} ${code}`);
  return e;
};

describe('entryToJson', () => {
  it('uses the catalog file names and includes optional fields only when given', () => {
    expect(entryToJson(entry('huawei-cloud', 'APIG.0308'))).toEqual({
      family: 'huawei-cloud',
      code: 'APIG.0308',
      name: '',
      class: 'retryable',
      class_basis: 'remedy',
      class_reason: 'The vendor says to retry later.',
      http_status: 429,
      message: { en: 'The throttling threshold has been reached.', zh: '请求超过流控阈值' },
      remedy: { en: 'Retry later.', zh: '请稍后再试' },
      aliases: ['APIGW.0308'],
      contexts: [],
      source: 'seed:004_78dc2b0192c2fce1.txt',
    });
    expect(Object.keys(entryToJson(entry('aclnn', '561002')))).toEqual([
      'family', 'code', 'name', 'class', 'class_basis', 'class_reason', 'message', 'cause', 'remedy', 'aliases', 'contexts', 'source',
    ]);
    expect(entryToJson(entry('llm-datadist', '-1')).recoverable).toBe(false);
  });
});

describe('formatEntryText', () => {
  it('shows class and why, context overrides, texts in the chosen language, and where it came from', () => {
    expect(formatEntryText(entry('aclnn', '561002'), 'zh')).toBe(
      [
        'aclnn  561002  ACLNN_ERR_INNER_TILING_ERROR',
        '  类别  fatal',
        '  依据  policy: Internal errors need logs and support.',
        '  含义  tiling异常',
        '  原因  算子tiling函数执行失败',
        '  处理  收集日志并联系技术支持',
        '  来源  doc:https://www.hiascend.com/document/aclnn-return-codes',
        '',
      ].join('\n'),
    );
    expect(formatEntryText(entry('huawei-cloud', 'APIG.0308'), 'en')).toBe(
      [
        'huawei-cloud  APIG.0308',
        '  aliases      APIGW.0308',
        '  class        retryable',
        '  why          remedy: The vendor says to retry later.',
        '  message      The throttling threshold has been reached.',
        '  remedy       Retry later.',
        '  http status  429',
        '  source       seed:004_78dc2b0192c2fce1.txt',
        '',
      ].join('\n'),
    );
  });
});

describe('formatEntriesTable', () => {
  it('aligns columns and cuts long messages', () => {
    const long = { ...entry('aclnn', '161002'), message: { en: `${'x'.repeat(70)}`, zh: '长' } };
    expect(formatEntriesTable([entry('aclnn', '0'), long])).toBe(
      [
        'FAMILY  CODE    NAME                     CLASS    MESSAGE',
        'aclnn   0       ACLNN_SUCCESS            success  Success.',
        `aclnn   161002  ACLNN_ERR_PARAM_INVALID  fatal    ${'x'.repeat(59)}…`,
        '',
      ].join('\n'),
    );
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['处理', 4],
    ['是（厂商）', 10],
    ['', 0],
  ])('%s -> %i', (s, expected) => {
    expect(displayWidth(s)).toBe(expected);
  });
});
