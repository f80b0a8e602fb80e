import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { numericValueOf, unqualifiedName } from '../../src/catalog/catalog-spelling.js';

const index = loadCatalogs('test/fixtures/catalogs/valid');

describe('CatalogIndex.lookup resolves every spelling seen in logs', () => {
  it.each([
    // family, spelling, expected canonical code
    ['aclnn', '161002', '161002'],
    ['aclnn', '0x274ea', '161002'],
    ['aclnn', 'ACLNN_ERR_PARAM_INVALID', '161002'],
    ['aclnn', '561002', '561002'],
    ['aclnn', '561555', '561xxx'],
    ['aclnn', '561000', '561xxx'],
    ['aclnn', '561999', '561xxx'],
    ['aclnn', '561XXX', '561xxx'],
    ['aclnn', '0', '0'],
    ['llm-datadist', '0x5010B001', '0x5010B001'],
    ['llm-datadist', '0x5010b001', '0x5010B001'],
    ['llm-datadist', '0X5010B001U', '0x5010B001'],
    ['llm-datadist', '1343270913', '0x5010B001'],
    ['llm-datadist', 'LLM_WAIT_PROC_TIMEOUT', '0x5010B001'],
    ['llm-datadist', 'LLM_WAIT_PROCESS_TIMEOUT', '0x5010B001'],
    ['llm-datadist', 'LLMStatusCode.LLM_WAIT_PROCESS_TIMEOUT', '0x5010B001'],
    ['llm-datadist', 'LLMStatusCode.LLM_LINK_FAILED', '0x5010B009'],
    ['llm-datadist', 'llm_datadist.LLMStatusCode.LLM_LINK_FAILED', '0x5010B009'],
    ['llm-datadist', '-1', '0xFFFFFFFF'],
    ['llm-datadist', '4294967295', '0xFFFFFFFF'],
    ['llm-datadist', '0xffffffff', '0xFFFFFFFF'],
    ['llm-datadist', '0x0', '0x0'],
    ['llm-datadist', '0', '0x0'],
    ['llm-datadist', '0x00000000', '0x0'],
    ['huawei-cloud', 'APIG.0308', 'APIG.0308'],
    ['huawei-cloud', 'APIGW.0308', 'APIG.0308'],
    ['huawei-cloud', 'apigw.0308', 'APIG.0308'],
    ['huawei-cloud', 'modelarts.4101', 'ModelArts.4101'],
  ])('%s %s -> %s', (family, spelling, expected) => {
    expect(index.lookup(family, spelling)?.code).toBe(expected);
  });

  it.each([
    ['aclnn', '562000'],
    ['aclnn', '161003'],
    ['aclnn', 'LLMStatusCode.ACLNN_NOPE'],
    ['aclnn', 'Foo.161002'],
    ['llm-datadist', '-2'],
    ['llm-datadist', '0x5010B0'],
    ['llm-datadist', ''],
    ['huawei-cloud', 'APIG.308'],
    ['huawei-cloud', '0308'],
    ['no-such-family', '161002'],
  ])('%s %s -> nothing', (family, spelling) => {
    expect(index.lookup(family, spelling)).toBeUndefined();
  });
});

describe('CatalogIndex.find searches every family', () => {
  it.each([
    ['0', [['aclnn', '0'], ['llm-datadist', '0x0']]],
    ['0x0', [['aclnn', '0'], ['llm-datadist', '0x0']]],
    ['APIGW.0308', [['huawei-cloud', 'APIG.0308']]],
    ['1343270913', [['llm-datadist', '0x5010B001']]],
    ['561555', [['aclnn', '561xxx']]],
    ['999', []],
  ])('%s', (spelling, expected) => {
    expect(index.find(spelling).map((e) => [e.family, e.code])).toEqual(expected);
  });
});

describe('numericValueOf', () => {
  it.each(([
    ['161002', 161002],
    ['0x5010B001', 0x5010b001],
    ['0x5010b001u', 0x5010b001],
    ['-1', 0xffffffff],
    ['-2147483648', 0x80000000],
    ['-2147483649', undefined],
    ['4294967295', 0xffffffff],
    ['0308', 308],
    ['0x', undefined],
    ['12a', undefined],
    ['+1', undefined],
    ['99999999999999999999', undefined],
  ] as [string, number | undefined][]).map(([spelling, value]) => [spelling, value ?? 'no number', value] as const))('%s -> %s', (spelling, _shown, expected) => {
    expect(numericValueOf(spelling)).toBe(expected);
  });
});

describe('unqualifiedName', () => {
  it.each(([
    ['LLMStatusCode.LLM_LINK_FAILED', 'LLM_LINK_FAILED'],
    ['a.b.C_D', 'C_D'],
    ['APIGW.0308', undefined],
    ['LLM_LINK_FAILED', undefined],
    ['.LLM_LINK_FAILED', undefined],
  ] as [string, string | undefined][]).map(([spelling, name]) => [spelling, name ?? 'no qualified name', name] as const))('%s -> %s', (spelling, _shown, expected) => {
    expect(unqualifiedName(spelling)).toBe(expected);
  });
});
