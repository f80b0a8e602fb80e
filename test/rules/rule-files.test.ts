// Every bundled rule file's inline tests pass against the bundled catalogs, and hostile lines stay bounded.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { runRuleTests } from '../../src/rules/run-rule-tests.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { MAX_MATCHES_PER_LINE } from '../../src/transforms/extract/extract-matches.js';
import { lineToEvents } from '../../src/transforms/line-to-events.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });

describe('bundled rule files', () => {
  it('cover the eight families, one file each', () => {
    expect(knowledge.rules.files.map((f) => [basename(f.file), f.family])).toEqual([
      ['acl-runtime.yaml', 'acl-runtime'],
      ['aclnn.yaml', 'aclnn'],
      ['cann-errmsg.yaml', 'cann-errmsg'],
      ['core-vision.yaml', 'core-vision'],
      ['huawei-cloud.yaml', 'huawei-cloud'],
      ['llm-datadist.yaml', 'llm-datadist'],
      ['npu-fault.yaml', 'npu-fault'],
      ['speech-sdk.yaml', 'speech-sdk'],
    ]);
  });

  it.each(knowledge.rules.files.map((f) => [basename(f.file), f] as const))('%s passes every inline test', (_name, file) => {
    const result = runRuleTests(knowledge).find((r) => r.file === file.file);
    const failures = result?.failures.map((f) => `${f.test.position.line}:${f.test.position.col} ${f.problems.join('; ')}`);
    expect(failures).toEqual([]);
    expect(result?.passed).toBe(file.tests.length);
    expect(file.tests.some((t) => t.expected.length === 0)).toBe(true);
  });

  it.each([
    ['many codes on one line', 'call aclnnA failed, error code is 161002 '.repeat(2000)],
    ['many distinct codes on one line', Array.from({ length: 500 }, (_, i) => `errno[${561000 + i}]`).join(' ')],
    ['a long run of near-anchors', `${'error code is '.repeat(5000)}x`],
    ['backtracking bait for lazy rules', `aclnnX ${'ret '.repeat(20000)}= 1`],
    ['a BusinessError with no code', `BusinessError ${'code '.repeat(20000)}`],
  ])('keeps %s bounded', (_name, text) => {
    const events = lineToEvents({ source: 's', path: 'p', lineNo: 1, text }, knowledge, new UnknownCodes());
    expect(events.length).toBeLessThanOrEqual(MAX_MATCHES_PER_LINE);
  });
});
