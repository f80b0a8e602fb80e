import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import type { CatalogIndex } from '../../src/catalog/catalog-types.js';
import { createKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/load-knowledge.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import { OTHER_CODE, UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { lineToEvents, MAX_SAMPLE_LENGTH } from '../../src/transforms/line-to-events.js';
import type { CodeEvent, LogLine } from '../../src/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const catalog = loadCatalogs(join(ROOT, 'test', 'fixtures', 'rules-catalogs'));
const rules = loadRuleFiles(['aclnn', 'llm-datadist', 'huawei-cloud'].map((f) => join(ROOT, 'rules', `${f}.yaml`)));
const knowledge = createKnowledge(catalog, rules);
const NOW = new Date(2026, 11, 31, 12, 0, 0).getTime();

const line = (text: string, lineNo = 7): LogLine => ({ source: 'device', path: '/var/log/npu/plog-1.log', lineNo, text });
const events = (text: string, unknowns = new UnknownCodes(), k: Knowledge = knowledge): readonly CodeEvent[] => lineToEvents(line(text), k, unknowns, () => NOW);
const codes = (text: string): string[] => events(text).map((e) => `${e.family}/${e.code}/${e.class}`);

describe('lineToEvents', () => {
  it('builds the whole event from one line', () => {
    const text = '[ERROR] ASCENDCL(24871,python3):2026-05-24-10:11:12.345.678 [op_api.cpp:188]24902 call aclnnAddmm failed, error code is 161002';
    expect(events(text)).toEqual([
      {
        family: 'aclnn',
        code: '161002',
        name: 'ACLNN_ERR_PARAM_INVALID',
        class: 'fatal',
        classBasis: 'policy',
        rule: 'aclnn-code-near-cue',
        raw: '161002',
        labels: { api: 'aclnnAddmm', pid: '24871' },
        source: 'device',
        path: '/var/log/npu/plog-1.log',
        lineNo: 7,
        timestamp: new Date(2026, 4, 24, 10, 11, 12, 345).getTime(),
        line: text,
      },
    ]);
  });

  it('leaves timestamp out when the line has none', () => {
    const [event] = events('RuntimeError: NPU function error: call aclnnAdd failed, error code is 161002');
    expect(event?.code).toBe('161002');
    expect(event !== undefined && 'timestamp' in event).toBe(false);
  });

  it('returns one shared empty array for lines without anchors', () => {
    const a = events('[INFO] GE(1,p):2026-05-24-10:11:12.000.000 [g.cc:1]2 graph compiled');
    const b = events('nothing to see');
    expect(a).toEqual([]);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('gives one event per (line, family, code) even when the code appears twice or two rules find it', () => {
    expect(codes('[ERROR] RUNTIME(1,p):2026-05-24-10:11:12.000.000 [s.cc:1]2 errno[561103] launch failed for MatMulV2, errno:561103.')).toEqual([
      'aclnn/561103/fatal',
    ]);
    expect(codes('call aclnnAdd failed, error code is 161002; aclnnAddGetWorkspaceSize ret=161002')).toEqual(['aclnn/161002/fatal']);
  });

  it('gives separate events for different codes and families on one line', () => {
    expect(codes('call aclnnAdd failed, error code is 161002 then {"error_code":"APIGW.0308"} and errno[561201]')).toEqual([
      'aclnn/161002/fatal',
      'aclnn/561201/fatal',
      'huawei-cloud/APIG.0308/retryable',
    ]);
  });

  it('yields nothing for success codes', () => {
    expect(events('call aclnnAdd failed, error code is 0')).toEqual([]);
    expect(events('LLMException: [link] failed, error code is LLMStatusCode.LLM_SUCCESS')).toEqual([]);
  });

  it('applies catalog contexts to the captured api', () => {
    expect(codes('[ERROR] LLMDATADIST(1,p):2026-05-24-10:11:12.000.000 [c.cc:1]2 PullKvCache failed, ret = 1343270913')).toEqual(['llm-datadist/0x5010B001/fatal']);
    expect(codes('[ERROR] LLMDATADIST(1,p):2026-05-24-10:11:12.000.000 [c.cc:1]2 LinkLlmClusters failed, ret = 1343270913')).toEqual([
      'llm-datadist/0x5010B001/retryable',
    ]);
  });

  it('folds unknown codes beyond the budget into other', () => {
    const unknowns = new UnknownCodes(2);
    const seen = ['561201', '561202', '561203', '561201'].map((c) => events(`errno[${c}] launch failed`, unknowns)[0]?.code);
    expect(seen).toEqual(['561201', '561202', OTHER_CODE, '561201']);
    const unknown = events('{"error_code":"AIS.9998"}', new UnknownCodes(0 + 1));
    expect(unknown.map((e) => [e.code, e.name, e.class, e.classBasis])).toEqual([['AIS.9998', '', 'unknown', 'unknown']]);
  });

  it('caps the sample line at 512 characters without splitting a surrogate pair', () => {
    const long = `call aclnnAdd failed, error code is 161002 ${'x'.repeat(1000)}`;
    expect(events(long)[0]?.line).toBe(long.slice(0, MAX_SAMPLE_LENGTH));
    const prefix = 'call aclnnAdd failed, error code is 161002 ';
    const highSurrogateAtTheCap = `${prefix}${'y'.repeat(MAX_SAMPLE_LENGTH - 1 - prefix.length)}\u{1F600} tail`;
    expect(events(highSurrogateAtTheCap)[0]?.line).toBe(highSurrogateAtTheCap.slice(0, MAX_SAMPLE_LENGTH - 1));
  });

  it('uses the unwrapped text as the sample', () => {
    expect(events('{"log":"\\u001b[31mcall aclnnAdd failed, error code is 161002\\u001b[0m\\n","stream":"stderr"}')[0]?.line).toBe(
      'call aclnnAdd failed, error code is 161002',
    );
  });

  it('never throws, whatever the line', () => {
    const anchorsAndCodes = fc.constantFrom('error code is ', 'errno[', 'aclnnStatus=', 'ret = ', 'ErrorNo: ', 'LLMStatusCode.', '"error_code":"', '{"log":"', '\u001b[', '：', '561', '1343270913', '\\', '"');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), anchorsAndCodes), { maxLength: 30 }), (parts) => {
        const result = events(parts.join(''));
        expect(Array.isArray(result)).toBe(true);
      }),
      { numRuns: 500, seed: 20260524 },
    );
  });

  it('lets a broken stage throw instead of swallowing it (the pipeline operator counts the line)', () => {
    const broken: CatalogIndex = { ...catalog, lookup: () => { throw new Error('boom'); } };
    const k = { ...knowledge, catalog: broken };
    expect(() => events('call aclnnAdd failed, error code is 161002', new UnknownCodes(), k)).toThrow('boom');
    expect(events('no code on this line', new UnknownCodes(), k)).toEqual([]);
  });
});
