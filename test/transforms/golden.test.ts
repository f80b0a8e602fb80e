// Golden fixtures: every family's mixed-format log (test/fixtures/<family>/*.log) against its expected
// events (*.expected.json), through the bundled rules and catalogs. UPDATE_GOLDEN=1 rewrites the
// expectations; review the diff before committing it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { formatLocalTime, RULE_TEST_NOW } from '../../src/rules/run-rule-tests.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../../src/transforms/line-to-events.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const FAMILIES = ['acl-runtime', 'aclnn', 'cann-errmsg', 'core-vision', 'llm-datadist', 'speech-sdk', 'huawei-cloud', 'npu-fault'];
const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });

function linesOf(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The events of a whole file, in the fields the golden files pin down. */
function eventsOf(file: string): object[] {
  const unknowns = new UnknownCodes();
  return linesOf(file).flatMap((text, i) =>
    lineToEvents({ source: 'golden', path: file, lineNo: i + 1, text }, knowledge, unknowns, () => RULE_TEST_NOW).map((e) => ({
      lineNo: e.lineNo,
      family: e.family,
      code: e.code,
      name: e.name,
      class: e.class,
      classBasis: e.classBasis,
      ...(e.level !== undefined && { level: e.level }),
      rule: e.rule,
      labels: e.labels,
      ...(e.timestamp !== undefined && { timestamp: formatLocalTime(e.timestamp) }),
    })),
  );
}

describe.each(FAMILIES)('golden fixtures of %s', (family) => {
  const dir = join(FIXTURES, family);
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();

  it('has at least 15 lines of fixtures', () => {
    expect(logs.reduce((n, f) => n + linesOf(join(dir, f)).length, 0)).toBeGreaterThanOrEqual(15);
  });

  it.each(logs)('%s yields the expected events', (log) => {
    const expectedFile = join(dir, log.replace(/\.log$/, '.expected.json'));
    const observed = eventsOf(join(dir, log));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, `${JSON.stringify(observed, null, 2)}\n`);
    const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
    expect(observed).toEqual(expected);
  });
});

describe('negatives.log', () => {
  it('yields no event on any line', () => {
    const file = join(FIXTURES, 'negatives.log');
    expect(linesOf(file).length).toBe(30);
    expect(eventsOf(file)).toEqual([]);
  });
});
