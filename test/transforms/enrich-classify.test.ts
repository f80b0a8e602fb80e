import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { classifyEvent } from '../../src/transforms/classify/classify-event.js';
import { lookupEntry, reportedCode } from '../../src/transforms/enrich/enrich-match.js';
import { OTHER_CODE, UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import type { CapturedLabels } from '../../src/types.js';

const catalog = loadCatalogs(join(import.meta.dirname, '..', 'fixtures', 'rules-catalogs'));

describe('enrich: lookupEntry + reportedCode', () => {
  it.each(([
    ['aclnn', '161002', '161002', 'ACLNN_ERR_PARAM_INVALID'],
    ['aclnn', '561103', '561103', 'ACLNN_ERR_INNER_NULLPTR'],
    ['aclnn', '561555', '561555', 'ACLNN_ERR_INNER_XXX'],
    ['llm-datadist', '0x5010B001', '0x5010B001', 'LLM_WAIT_PROC_TIMEOUT'],
    ['llm-datadist', '1343270913', '0x5010B001', 'LLM_WAIT_PROC_TIMEOUT'],
    ['llm-datadist', 'LLM_WAIT_PROCESS_TIMEOUT', '0x5010B001', 'LLM_WAIT_PROC_TIMEOUT'],
    ['huawei-cloud', 'APIGW.0308', 'APIG.0308', ''],
    ['huawei-cloud', 'MODELARTS.4101', 'ModelArts.4101', ''],
    ['huawei-cloud', 'AIS.9999', 'AIS.9999', undefined],
    ['aclnn', '261001', '261001', undefined],
  ] satisfies [string, string, string, string | undefined][]).map(([family, spelling, code, name]) => [family, spelling, code, name === undefined ? 'no catalog entry' : `name "${name}"`, name] as const))(
    '%s %s reports code %s (%s)',
    (family, spelling, code, _title, name) => {
    const entry = lookupEntry(catalog, family, spelling);
    expect(entry?.name).toBe(name);
    expect(reportedCode(entry, family, spelling, new UnknownCodes())).toBe(code);
  });

  it('counts range members and unknown codes against one budget per family; exact entries never', () => {
    const unknowns = new UnknownCodes(2);
    const report = (spelling: string): string => reportedCode(lookupEntry(catalog, 'aclnn', spelling), 'aclnn', spelling, unknowns);
    expect(['561201', '261001', '561202', '161002', '561103', '561201'].map(report)).toEqual(['561201', '261001', OTHER_CODE, '161002', '561103', '561201']);
    expect(unknowns.codes('aclnn')).toEqual(['561201', '261001']);
    expect(unknowns.folded('aclnn')).toBe(1);
  });
});

describe('classify: classifyEvent', () => {
  const timeout = lookupEntry(catalog, 'llm-datadist', '0x5010B001');
  it.each<[string, Readonly<CapturedLabels>, string, string]>([
    ['no labels: the entry class', {}, 'retryable', 'vendor'],
    ['another api: the entry class', { api: 'LinkLlmClusters' }, 'retryable', 'vendor'],
    ['PullKvCache: the context class', { api: 'PullKvCache' }, 'fatal', 'context'],
    ['PullKvBlocks: the context class', { api: 'PullKvBlocks', pid: '12' }, 'fatal', 'context'],
    ['spelled pull_kv_blocks: the context class', { api: 'pull_kv_blocks' }, 'fatal', 'context'],
    ['context on another label does not apply', { pid: 'PullKvCache' }, 'retryable', 'vendor'],
  ])('%s', (_name, labels, cls, basis) => {
    expect(classifyEvent(timeout, labels)).toEqual({ class: cls, classBasis: basis });
  });

  it('classifies codes the catalog lacks as unknown', () => {
    expect(classifyEvent(undefined, { api: 'PullKvCache' })).toEqual({ class: 'unknown', classBasis: 'unknown' });
  });

  it('keeps success codes success (lineToEvents drops them)', () => {
    expect(classifyEvent(lookupEntry(catalog, 'aclnn', '0'), {})).toEqual({ class: 'success', classBasis: 'policy' });
  });

  it('gives a range member its range entry class', () => {
    expect(classifyEvent(lookupEntry(catalog, 'aclnn', '561999'), {})).toEqual({ class: 'fatal', classBasis: 'remedy' });
  });
});
